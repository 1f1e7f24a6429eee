package io.llmgateway.bench.mock.providers;

import static java.util.Objects.requireNonNull;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;

/** What every provider mock's builder takes: the server-wide options and the accepted API key. */
abstract class ProviderMockBuilder<B extends ProviderMockBuilder<B>> {

    MockOptions options = MockOptions.defaults();
    String apiKey;

    ProviderMockBuilder(String defaultApiKey) {
        this.apiKey = defaultApiKey;
    }

    /** Server-wide settings (port, latency, chunks, recording...); default {@link MockOptions#defaults()}. */
    public B options(MockOptions options) {
        this.options = requireNonNull(options, "options");
        return self();
    }

    /** The only API key the mock accepts; each mock has a default. */
    public B apiKey(String apiKey) {
        this.apiKey = requireNonNull(apiKey, "apiKey");
        return self();
    }

    /** Binds and starts serving; returns once the port is bound. */
    public abstract MockUpstream start();

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
