package io.llmgateway.bench.mock;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link MockUpstream} has seen. Written by every event loop (striped {@link LongAdder}s,
 * one {@link AtomicLong} for the gauge), read by tests at any time: each value is exact once the
 * events it counts have happened, but two values read one after the other are not a snapshot.
 */
public final class MockCounters {

    private final LongAdder accepted = new LongAdder();
    private final AtomicLong open = new AtomicLong();
    private final LongAdder requests = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byPath = new ConcurrentHashMap<>();
    private final LongAdder completedStreams = new LongAdder();
    private final LongAdder cancelledStreams = new LongAdder();
    private final LongAdder abandonedRequests = new LongAdder();

    MockCounters() {
    }

    /** Connections accepted since start (or the last {@link #reset()}). */
    public long acceptedConnections() {
        return accepted.sum();
    }

    /** Connections open right now; never reset. */
    public long openConnections() {
        return open.get();
    }

    /** Requests received, all paths. */
    public long requests() {
        return requests.sum();
    }

    /** Requests received on exactly {@code path} (no query string), e.g. {@code /v1/chat/completions}. */
    public long requests(String path) {
        LongAdder adder = byPath.get(path);
        return adder == null ? 0 : adder.sum();
    }

    /** Requests per path, sorted by path. */
    public Map<String, Long> requestsByPath() {
        Map<String, Long> out = new TreeMap<>();
        byPath.forEach((path, adder) -> out.put(path, adder.sum()));
        return out;
    }

    /** Streams whose {@code [DONE]} was written in full. */
    public long completedStreams() {
        return completedStreams.sum();
    }

    /**
     * Streams the client cut: the connection closed after the response head and before the end of
     * the stream, and not because of an injected fault. A gateway test proves that a client
     * disconnect closed the upstream connection by waiting for this to grow.
     */
    public long cancelledStreams() {
        return cancelledStreams.sum();
    }

    /**
     * Requests whose client closed the connection before the response head was sent (during the
     * latency, {@code slow-first-byte} or {@code hang}).
     */
    public long abandonedRequests() {
        return abandonedRequests.sum();
    }

    /** Zeroes every counter except {@link #openConnections()}, which is a gauge. */
    public void reset() {
        accepted.reset();
        requests.reset();
        byPath.clear();
        completedStreams.reset();
        cancelledStreams.reset();
        abandonedRequests.reset();
    }

    void connectionOpened() {
        accepted.increment();
        open.incrementAndGet();
    }

    void connectionClosed() {
        open.decrementAndGet();
    }

    void request(String path) {
        requests.increment();
        byPath.computeIfAbsent(path, p -> new LongAdder()).increment();
    }

    void streamCompleted() {
        completedStreams.increment();
    }

    void streamCancelled() {
        cancelledStreams.increment();
    }

    void requestAbandoned() {
        abandonedRequests.increment();
    }

    @Override
    public String toString() {
        return "accepted=" + acceptedConnections() + ", open=" + openConnections() + ", requests=" + requests()
                + ", completedStreams=" + completedStreams() + ", cancelledStreams=" + cancelledStreams()
                + ", abandonedRequests=" + abandonedRequests() + ", byPath=" + requestsByPath();
    }
}
