package io.llmgateway.core.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server that answers admin API calls with canned bodies ({@link #answer}) and records
 * every request it receives, so that a test can check what the command line sent and what it
 * printed of the answer. Unknown routes get the gateway's 404 {@code unknown_url}.
 */
final class FakeAdminApi implements AutoCloseable {

    /** One request as received. */
    record Received(String method, String path, String authorization, String contentType, String body) {
    }

    private record Canned(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    FakeAdminApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} (e.g. {@code GET /admin/v1/providers}) with {@code status} and {@code json}. */
    FakeAdminApi answer(String method, String path, int status, String json) {
        answers.put(method + ' ' + path, new Canned(status, json));
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received only() {
        if (received.size() != 1) {
            throw new AssertionError("expected one request, got " + received);
        }
        return received.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getRawPath();
        received.add(new Received(exchange.getRequestMethod(), path,
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Canned canned = answers.getOrDefault(exchange.getRequestMethod() + ' ' + path, new Canned(404,
                "{\"error\":{\"message\":\"Unknown request URL: " + path + "\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":\"unknown_url\"}}"));
        byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(canned.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
