package io.llmgateway.core.observe.log;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real local HTTP endpoint for the webhook tests: records every POST (body and
 * {@code Authorization} header) and answers the statuses queued with {@link #answer}, then 200.
 */
final class RecordingEndpoint implements AutoCloseable {

    /** One request received. */
    record Post(String body, String authorization) {
    }

    private final HttpServer server;
    private final BlockingQueue<Post> posts = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();

    RecordingEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ingest", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ingest";
    }

    /** The next requests are answered with these statuses, in order. */
    void answer(Integer... next) {
        statuses.addAll(java.util.List.of(next));
    }

    /** The next request received, waiting up to 10 s; fails the test when none came. */
    Post next() throws InterruptedException {
        Post p = posts.poll(10, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no request reached the endpoint within 10 s");
        }
        return p;
    }

    /** Requests received and not yet taken by {@link #next}. */
    int pending() {
        return posts.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        posts.add(new Post(body, ex.getRequestHeaders().getFirst("Authorization")));
        Integer status = statuses.poll();
        ex.sendResponseHeaders(status == null ? 200 : status, -1);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
