package org.payercrd.fhir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * An HTTP server that misbehaves as a broken or hostile EHR FHIR server does, on a raw socket so that nothing
 * between it and the service smooths the fault over: it drips its answer a byte at a time, never answers, sends a
 * small gzip body that inflates to a gigabyte, or sends a fixed body HAPI would never write (duplicate members,
 * huge numbers). It counts connections still open, so a test can check that the service let go of them.
 */
public final class FaultyHttpServer implements AutoCloseable {

    /** What every answer does. */
    public sealed interface Fault permits Drip, Hang, GzipBomb, FixedBody, GzipMembers {}

    /** A 200 whose body comes one byte per {@code millisPerByte}, for ever. */
    public record Drip(long millisPerByte) implements Fault {}

    /** Reads the request and never answers. */
    public record Hang() implements Fault {}

    /** A 200, {@code Content-Encoding: gzip}, about {@code inflatedMegabytes / 1000} MB on the wire. */
    public record GzipBomb(int inflatedMegabytes) implements Fault {}

    /** A 200 with this FHIR JSON body, as is. */
    public record FixedBody(String json) implements Fault {}

    /**
     * A well-formed 200, {@code Content-Encoding: gzip}, with this FHIR JSON body in two gzip members (RFC 1952
     * allows any number end to end), the second sent {@code pauseMillis} after the first.
     */
    public record GzipMembers(String json, long pauseMillis) implements Fault {}

    private final ServerSocket socket;
    private final Fault fault;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean closed;

    private FaultyHttpServer(Fault fault) throws IOException {
        this.fault = fault;
        this.socket = new ServerSocket(0);
        Thread acceptor = new Thread(this::accept, "faulty-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static FaultyHttpServer start(Fault fault) {
        try {
            return new FaultyHttpServer(fault);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + socket.getLocalPort() + "/fhir";
    }

    /** Requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** Connections the client has not closed yet. */
    public int openConnections() {
        open.removeIf(Socket::isClosed);
        return open.size();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = socket.accept();
                open.add(client);
                Thread handler = new Thread(() -> answer(client), "faulty-http-answer");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket client) {
        try (client) {
            readRequestHead(client.getInputStream());
            requests.incrementAndGet();
            OutputStream out = client.getOutputStream();
            if (fault instanceof Drip drip) {
                out.write(head("Content-Type: application/fhir+json\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (!closed) {
                    Thread.sleep(drip.millisPerByte());
                    out.write(' ');
                    out.flush();
                }
            } else if (fault instanceof Hang) {
                // Reads until the client gives up: -1 when it closes the connection.
                while (!closed && client.getInputStream().read() >= 0) {
                    Thread.onSpinWait();
                }
            } else if (fault instanceof GzipBomb bomb) {
                byte[] member = gzipOfOneMegabyteOfSpaces();
                out.write(head("Content-Type: application/fhir+json\r\nContent-Encoding: gzip\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(gzip("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
                        .getBytes(StandardCharsets.US_ASCII)));
                // A gzip body may be several members end to end; each inflates to 1 MB of spaces.
                for (int i = 0; i < bomb.inflatedMegabytes() && !closed; i++) {
                    out.write(member);
                }
                out.write(gzip("]}".getBytes(StandardCharsets.US_ASCII)));
                out.flush();
            } else if (fault instanceof GzipMembers members) {
                byte[] json = members.json().getBytes(StandardCharsets.UTF_8);
                out.write(head("Content-Type: application/fhir+json\r\nContent-Encoding: gzip\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(gzip(Arrays.copyOfRange(json, 0, json.length / 2)));
                out.flush();
                Thread.sleep(members.pauseMillis());
                out.write(gzip(Arrays.copyOfRange(json, json.length / 2, json.length)));
                out.flush();
            } else if (fault instanceof FixedBody body) {
                byte[] bytes = body.json().getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: " + bytes.length
                                + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            }
        } catch (SocketException e) {
            // The client let go: what a well-behaved client does with a server like this.
        } catch (IOException e) {
            // Same: a broken pipe.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String head(String headers) {
        return "HTTP/1.1 200 OK\r\n" + headers + "Connection: close\r\n\r\n";
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < end.length && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static byte[] gzipOfOneMegabyteOfSpaces() {
        byte[] spaces = new byte[1024 * 1024];
        Arrays.fill(spaces, (byte) ' ');
        return gzip(spaces);
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        });
    }
}
