package io.llmgateway.bench.mock;

/** What every connection of one {@link MockUpstream} shares: settings, counters, recorder, protocol. */
final class MockContext {

    final MockOptions options;
    final MockCounters counters = new MockCounters();
    final RequestRecorder recorder;
    final MockProtocol protocol;

    MockContext(MockOptions options, MockProtocol protocol) {
        this.options = options;
        this.protocol = protocol;
        this.recorder = new RequestRecorder(options.maxRecordedRequests());
    }
}
