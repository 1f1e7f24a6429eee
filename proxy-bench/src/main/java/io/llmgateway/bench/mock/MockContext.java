package io.llmgateway.bench.mock;

import java.util.concurrent.atomic.AtomicLong;

/** What every connection of one {@link MockUpstream} shares: settings, counters, recorder, cache. */
final class MockContext {

    final MockOptions options;
    final MockCounters counters = new MockCounters();
    final RequestRecorder recorder;
    final ResponseCache cache = new ResponseCache();
    /** The {@code created} of every answer, fixed so that bodies can be encoded once. */
    final long created = System.currentTimeMillis() / 1000;
    private final AtomicLong streamIds = new AtomicLong();

    MockContext(MockOptions options) {
        this.options = options;
        this.recorder = new RequestRecorder(options.maxRecordedRequests());
    }

    /** A fresh id for one stream; streams get distinct ids, unlike the cached JSON bodies. */
    long nextStreamId() {
        return streamIds.incrementAndGet();
    }
}
