package org.payercrd.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.payercrd.RunningService;

/**
 * Issue 11 §4: every error the service sends is an OperationOutcome, also those no controller raises: refusals by
 * Spring Security's firewall, a malformed chunked body, what Tomcat answers itself before any servlet runs (TRACE,
 * an oversize request line or header, an unparsable request), and what Spring forwards to {@code /error}. Each case
 * goes over a raw socket, since an HTTP client would refuse to send most of them; after each one a normal call must
 * still be answered.
 */
class EdgeRefusalsTest extends RunningService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ORDER_SIGN = fixture("requests/order-sign-ire-0600T.json");

    /** Ends a request that the client sends and then half-closes: no more bytes will come. */
    private static final String THEN_EOF = "<then end of stream>";

    static Stream<Arguments> refusals() {
        String post = "POST /cds-services/crd-order-sign HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        return Stream.of(
                // Spring Security's StrictHttpFirewall
                Arguments.of("encoded dot segment", get("/cds-services/%2e%2e/x"), 400, "URL"),
                Arguments.of("double slash", get("//cds-services"), 400, "URL"),
                Arguments.of("path parameter", get("/cds-services;jsessionid=x"), 400, "URL"),
                Arguments.of("encoded NUL in the path", get("/cds-services/%00"), 400, "Invalid URI"),
                Arguments.of(
                        "control character in a header value",
                        "GET /cds-services HTTP/1.1\r\nHost: localhost\r\nAccept: application/\u0001json\r\n"
                                + "Connection: close\r\n\r\n",
                        400,
                        "header"),
                Arguments.of(
                        "header value Tomcat takes and the firewall refuses",
                        "GET /cds-services HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\u0085\r\n"
                                + "Connection: close\r\n\r\n",
                        400,
                        "rejected"),
                // Malformed chunked bodies on a service call
                Arguments.of("bad chunk size", post + "zz\r\n{}\r\n0\r\n\r\n", 400, "chunk"),
                Arguments.of(
                        "truncated chunk", post + "400\r\n{\"hook\":\"order-sign\"" + THEN_EOF, 400, "ended early"),
                // What Tomcat answers itself
                Arguments.of(
                        "10,000-character service id",
                        "POST /cds-services/" + "a".repeat(10_000)
                                + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        400,
                        "too large"),
                Arguments.of(
                        "header over the limit",
                        "GET /cds-services HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "x".repeat(10_000)
                                + "\r\nConnection: close\r\n\r\n",
                        400,
                        "too large"),
                Arguments.of(
                        "TRACE",
                        "TRACE /cds-services HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                        405,
                        "TRACE"),
                Arguments.of(
                        "unparsable request line",
                        "GET /cds-services{} HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n\r\n",
                        400,
                        "request"),
                Arguments.of(
                        "bad Host",
                        "GET /cds-services HTTP/1.1\r\nHost: bad host:port\r\nConnection: close" + "\r\n\r\n",
                        400,
                        "domain name"),
                // What reaches Boot's /error
                Arguments.of("GET /error", get("/error"), 404, "/error"),
                Arguments.of(
                        "POST /error",
                        "POST /error HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                                + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
                        404,
                        "/error"),
                // A CORS preflight for a method the service does not allow cross-origin
                Arguments.of(
                        "CORS preflight refused",
                        "OPTIONS /cds-services HTTP/1.1\r\nHost: localhost\r\n"
                                + "Origin: https://ehr.example.org\r\nAccess-Control-Request-Method: DELETE\r\n"
                                + "Connection: close\r\n\r\n",
                        403,
                        "cross-origin"),
                // Content negotiation and routing
                Arguments.of("unknown path", get("/no/such/path"), 404, "/no/such/path"),
                Arguments.of(
                        "wrong method",
                        "DELETE /cds-services HTTP/1.1\r\nHost: localhost\r\nConnection: close" + "\r\n\r\n",
                        405,
                        "DELETE"),
                Arguments.of(
                        "not acceptable",
                        "GET /cds-services HTTP/1.1\r\nHost: localhost\r\nAccept: text/html"
                                + "\r\nConnection: close\r\n\r\n",
                        406,
                        "application/json"),
                Arguments.of(
                        "unsupported media type",
                        "POST /cds-services/crd-order-sign HTTP/1.1\r\nHost: localhost"
                                + "\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
                        415,
                        "Content-Type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void eachRefusalIsAnOperationOutcomeAndTheServiceKeepsAnswering(
            String name, String request, int status, String problem) throws Exception {
        long start = System.nanoTime();
        Answer answer = send(request);
        System.out.printf(
                Locale.ROOT,
                "EDGE %-36s -> %d %s in %d ms: %s%n",
                name,
                answer.status,
                answer.headers.get("content-type"),
                (System.nanoTime() - start) / 1_000_000,
                answer.body.substring(0, Math.min(200, answer.body.length())).replaceAll("\\s+", " "));

        assertThat(answer.status).as(name).isEqualTo(status);
        assertThat(answer.headers.get("content-type")).as(name).startsWith("application/json");
        JsonNode outcome = JSON.readTree(answer.body);
        assertThat(outcome.path("resourceType").asText()).as(name).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").get(0).path("severity").asText()).isEqualTo("error");
        assertThat(outcome.path("issue").get(0).path("diagnostics").asText())
                .as(name)
                .containsIgnoringCase(problem);
        assertThat(answer.body)
                .doesNotContain("Exception")
                .doesNotContain("at org.")
                .doesNotContain("<html");

        callService("crd-order-sign", ORDER_SIGN).statusCode(200);
    }

    @Test
    void aClientThatAsksForFhirJsonGetsItsErrorsInFhirJson() throws Exception {
        Answer answer = send("GET /no/such/path HTTP/1.1\r\nHost: localhost\r\nAccept: application/fhir+json\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(answer.status).isEqualTo(404);
        assertThat(answer.headers.get("content-type")).startsWith("application/fhir+json");

        Answer trace = send("TRACE /cds-services HTTP/1.1\r\nHost: localhost\r\nAccept: application/fhir+json\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(trace.status).isEqualTo(405);
        assertThat(trace.headers.get("content-type")).startsWith("application/fhir+json");
        assertThat(JSON.readTree(trace.body).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void discoveryStillAnswersNormally() {
        given().when().get("/cds-services").then().statusCode(200);
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    }

    private record Answer(int status, Map<String, String> headers, String body) {}

    /** Sends the bytes as they are and reads one HTTP/1.1 answer (Content-Length, chunked, or up to the close). */
    private Answer send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // The CRD budget is 5 s; an answer that takes longer is a failure, not a case to wait for.
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            boolean halfClose = request.endsWith(THEN_EOF);
            out.write(request.replace(THEN_EOF, "").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            assertThat(statusLine).as("status line").startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                        size > 0;
                        size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                    chunks.write(in.readNBytes(size));
                    line(in);
                }
                body = chunks.toByteArray();
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else {
                body = readToClose(in);
            }
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static byte[] readToClose(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // a connection kept open: what arrived is the body
        }
        return all.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
