package org.payercrd.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A real HTTP server publishing JWK Sets, as an EHR does, and remembering every path asked for, so that tests can
 * tell whether the service fetched a key set (and which).
 */
public final class JwksServer {

    private final HttpServer server;
    private final Map<String, List<JWK>> keysByPath = new ConcurrentHashMap<>();
    private final Set<String> bareArrayPaths = ConcurrentHashMap.newKeySet();
    private final List<String> requested = new CopyOnWriteArrayList<>();

    public JwksServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requested.add(path);
            List<JWK> keys = keysByPath.get(path);
            String json = keys == null ? "{}" : new JWKSet(keys).toString(true);
            if (keys != null && bareArrayPaths.contains(path)) {
                json = keys.stream().map(JWK::toJSONString).collect(Collectors.joining(",", "[", "]"));
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(keys == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Publishes the public halves of {@code keys} at {@code path}, replacing what was there. */
    public String publish(String path, List<JWK> keys) {
        keysByPath.put(path, keys.stream().map(JWK::toPublicJWK).toList());
        return url(path);
    }

    /**
     * Publishes the public halves of {@code keys} at {@code path} as a bare JSON array of JWKs, not a JWK Set: what
     * the crd-request-generator's {@code /public_keys} answers.
     */
    public String publishBareArray(String path, List<JWK> keys) {
        bareArrayPaths.add(path);
        return publish(path, keys);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public long timesRequested(String path) {
        return requested.stream().filter(path::equals).count();
    }
}
