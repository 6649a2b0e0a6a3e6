package org.payercrd.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.payercrd.RunningService;
import org.payercrd.fhir.FaultyHttpServer;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 11 §4: an EHR that gives up on a call before its answer is written (its own timeout) is no fault of the
 * service's: one DEBUG line, where it used to be an ERROR with a stack trace of about 190 lines per call.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientDisconnectTest extends RunningService {

    private static final String DISCONNECTED = "The client disconnected before its answer was written";

    @Test
    void aClientThatDisconnectsMidAnswerIsOneDebugLine(CapturedOutput output) throws Exception {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel(ErrorHandler.class.getName(), LogLevel.DEBUG);
        try {
            try (FaultyHttpServer hangingEhr = FaultyHttpServer.start(new FaultyHttpServer.Hang());
                    Socket socket = new Socket("127.0.0.1", port)) {
                socket.setReceiveBufferSize(1024);
                byte[] body = tenOrdersReadingFrom(hangingEhr.baseUrl()).getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /cds-services/crd-order-sign HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                // Long enough for the service to read the request, far shorter than the EHR time budget the
                // review waits on (the EHR server never answers); then a reset, so that writing the answer fails.
                Thread.sleep(300);
                socket.setSoLinger(true, 0);
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!output.getAll().contains(DISCONNECTED) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(output.getAll().lines().filter(line -> line.contains(DISCONNECTED)))
                    .singleElement()
                    .satisfies(line -> assertThat(line).contains("DEBUG"));
            assertThat(output.getAll())
                    .doesNotContain("Unexpected error answering a request")
                    .doesNotContain("ClientAbortException\n\tat ");
        } finally {
            logging.setLogLevel(ErrorHandler.class.getName(), null);
        }
    }

    /**
     * A request whose answer (ten coverage-information actions) is larger than Tomcat's 8 kB output buffer, so that
     * it is written while the controller's answer is converted, not after the call; without prefetch, so that the
     * review first waits its whole EHR time budget on {@code fhirServer}.
     */
    private static String tenOrdersReadingFrom(String fhirServer) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode request = (ObjectNode) json.readTree(fixture("requests/order-sign-ire-0600T.json"));
        ArrayNode entries =
                (ArrayNode) request.path("context").path("draftOrders").path("entry");
        ObjectNode first = (ObjectNode) entries.get(0);
        for (int i = 2; i <= 10; i++) {
            ObjectNode entry = first.deepCopy();
            entry.put("fullUrl", "https://ehr.example.org/fhir/ServiceRequest/ire-" + i);
            ((ObjectNode) entry.get("resource")).put("id", "ire-" + i);
            entries.add(entry);
        }
        request.remove("prefetch");
        request.put("fhirServer", fhirServer);
        request.putObject("fhirAuthorization")
                .put("access_token", "tok-disconnect")
                .put("token_type", "Bearer")
                .put("expires_in", 300)
                .put("scope", "user/Patient.read")
                .put("subject", "crd");
        return json.writeValueAsString(request);
    }
}
