package io.llmgateway.bench.mock;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Keeps the latest {@code capacity} requests for tests, dropping the oldest. Written by every event
 * loop and read by tests, under one lock that is held only to add, copy or clear; with capacity 0
 * nothing is copied at all, which is what benchmark runs use.
 */
final class RequestRecorder {

    private final int capacity;
    private final ArrayDeque<RecordedRequest> requests;

    RequestRecorder(int capacity) {
        this.capacity = capacity;
        this.requests = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    void record(FullHttpRequest request) {
        record(request.method().name(), request.uri(), request.headers(),
                request.content().toString(StandardCharsets.UTF_8));
    }

    /** A request whose body was not aggregated: {@code body} is what was kept of it. */
    void record(String method, String uri, HttpHeaders headers, String body) {
        if (capacity == 0) {
            return;
        }
        RecordedRequest copy = new RecordedRequest(method, uri, new DefaultHttpHeaders().set(headers), body);
        synchronized (requests) {
            if (requests.size() == capacity) {
                requests.removeFirst();
            }
            requests.addLast(copy);
        }
    }

    List<RecordedRequest> snapshot() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    void clear() {
        synchronized (requests) {
            requests.clear();
        }
    }
}
