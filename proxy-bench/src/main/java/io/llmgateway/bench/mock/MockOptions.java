package io.llmgateway.bench.mock;

import static java.util.Objects.requireNonNull;

import io.llmgateway.bench.NettyTransport;
import java.util.List;

/**
 * Server-wide settings of a {@link MockUpstream}; immutable. The per-request settings
 * ({@link #latencyMs()} to {@link #slowFirstByteMs()}) are defaults that the {@link MockHeaders}
 * override request by request.
 *
 * <pre>{@code
 * MockOptions options = MockOptions.builder().latencyMs(50).chunks(64).chunkIntervalMs(20).build();
 * }</pre>
 */
public final class MockOptions {

    private final String host;
    private final int port;
    private final NettyTransport transport;
    private final int ioThreads;
    private final long latencyMs;
    private final int chunks;
    private final long chunkIntervalMs;
    private final int status;
    private final MockFault fault;
    private final int bodyBytes;
    private final long slowFirstByteMs;
    private final int retryAfterSeconds;
    private final int embeddingDimensions;
    private final List<String> models;
    private final int maxRecordedRequests;
    private final int maxRequestBytes;
    private final io.netty.handler.ssl.SslContext tls;
    private final boolean keepObjects;

    private MockOptions(Builder b) {
        host = b.host;
        port = b.port;
        transport = b.transport;
        ioThreads = b.ioThreads;
        latencyMs = b.latencyMs;
        chunks = b.chunks;
        chunkIntervalMs = b.chunkIntervalMs;
        status = b.status;
        fault = b.fault;
        bodyBytes = b.bodyBytes;
        slowFirstByteMs = b.slowFirstByteMs;
        retryAfterSeconds = b.retryAfterSeconds;
        embeddingDimensions = b.embeddingDimensions;
        models = b.models;
        maxRecordedRequests = b.maxRecordedRequests;
        maxRequestBytes = b.maxRequestBytes;
        tls = b.tls;
        keepObjects = b.keepObjects;
    }

    /** All defaults: loopback, an ephemeral port, no latency, 16 chunks, no interval, no fault. */
    public static MockOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's values. */
    public Builder toBuilder() {
        return new Builder()
                .host(host).port(port).transport(transport).ioThreads(ioThreads)
                .latencyMs(latencyMs).chunks(chunks).chunkIntervalMs(chunkIntervalMs)
                .status(status).fault(fault).bodyBytes(bodyBytes).slowFirstByteMs(slowFirstByteMs)
                .retryAfterSeconds(retryAfterSeconds).embeddingDimensions(embeddingDimensions)
                .models(models).maxRecordedRequests(maxRecordedRequests).maxRequestBytes(maxRequestBytes).tls(tls)
                .keepObjects(keepObjects);
    }

    /**
     * Whether files, batches and responses are kept per credential, as an upstream keeps them per
     * organisation ({@link StoredObjectBook}); default false (fixed ids, nothing kept: no growth under load).
     */
    public boolean keepObjects() {
        return keepObjects;
    }

    /** Address to bind; default {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    /** Port to bind; default 0 (ephemeral: read the real one from {@link MockUpstream#port()}). */
    public int port() {
        return port;
    }

    public NettyTransport transport() {
        return transport;
    }

    /** Event loop threads; default 0 = the number of processors. */
    public int ioThreads() {
        return ioThreads;
    }

    /** Default wait before the response head; {@link MockHeaders#LATENCY_MS} overrides it. */
    public long latencyMs() {
        return latencyMs;
    }

    /** Default number of content events per stream; {@link MockHeaders#CHUNKS} overrides it. */
    public int chunks() {
        return chunks;
    }

    /** Default pause between stream events; {@link MockHeaders#CHUNK_INTERVAL_MS} overrides it. */
    public long chunkIntervalMs() {
        return chunkIntervalMs;
    }

    /** Default status; anything from 400 is answered with an OpenAI error body. */
    public int status() {
        return status;
    }

    public MockFault fault() {
        return fault;
    }

    /** Default minimum size of non-stream chat and legacy completion bodies; 0 = natural size. */
    public int bodyBytes() {
        return bodyBytes;
    }

    /** How long the {@link MockFault#SLOW_FIRST_BYTE} fault waits; default 10 s. */
    public long slowFirstByteMs() {
        return slowFirstByteMs;
    }

    /** The {@code retry-after} value of 429 answers. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Vector length of embeddings when the request has no {@code dimensions}; default 1536. */
    public int embeddingDimensions() {
        return embeddingDimensions;
    }

    /** Ids listed by {@code GET .../models}. */
    public List<String> models() {
        return models;
    }

    /** How many of the latest requests are kept for {@link MockUpstream#recordedRequests()}; 0 keeps none. */
    public int maxRecordedRequests() {
        return maxRecordedRequests;
    }

    /** Largest request body accepted; larger ones get a 413. */
    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /** The server TLS context when the mock speaks HTTPS; null for plain HTTP. */
    public io.netty.handler.ssl.SslContext tls() {
        return tls;
    }

    @Override
    public String toString() {
        return "host=" + host + ", port=" + port + ", transport=" + transport + ", ioThreads=" + ioThreads
                + ", latencyMs=" + latencyMs + ", chunks=" + chunks + ", chunkIntervalMs=" + chunkIntervalMs
                + ", status=" + status + ", fault=" + fault + ", bodyBytes=" + bodyBytes
                + ", slowFirstByteMs=" + slowFirstByteMs + ", retryAfterSeconds=" + retryAfterSeconds
                + ", embeddingDimensions=" + embeddingDimensions + ", models=" + models
                + ", maxRecordedRequests=" + maxRecordedRequests + ", maxRequestBytes=" + maxRequestBytes;
    }

    /** Validates each value as it is set, naming the setting in the message. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private NettyTransport transport = NettyTransport.AUTO;
        private int ioThreads;
        private long latencyMs;
        private int chunks = 16;
        private long chunkIntervalMs;
        private int status = 200;
        private MockFault fault = MockFault.NONE;
        private int bodyBytes;
        private long slowFirstByteMs = 10_000;
        private int retryAfterSeconds = 1;
        private int embeddingDimensions = 1536;
        private List<String> models = List.of("gpt-4o", "gpt-4o-mini", "text-embedding-3-small");
        private int maxRecordedRequests = 256;
        private int maxRequestBytes = 16 * 1024 * 1024;
        private boolean keepObjects;
        private io.netty.handler.ssl.SslContext tls;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
            }
            this.port = port;
            return this;
        }

        public Builder transport(NettyTransport transport) {
            this.transport = requireNonNull(transport, "transport");
            return this;
        }

        public Builder ioThreads(int ioThreads) {
            this.ioThreads = checkNotNegative(ioThreads, "ioThreads");
            return this;
        }

        public Builder latencyMs(long latencyMs) {
            this.latencyMs = checkNotNegative(latencyMs, "latencyMs");
            return this;
        }

        public Builder chunks(int chunks) {
            this.chunks = checkNotNegative(chunks, "chunks");
            return this;
        }

        public Builder chunkIntervalMs(long chunkIntervalMs) {
            this.chunkIntervalMs = checkNotNegative(chunkIntervalMs, "chunkIntervalMs");
            return this;
        }

        public Builder status(int status) {
            this.status = checkStatus(status, "status");
            return this;
        }

        public Builder fault(MockFault fault) {
            this.fault = requireNonNull(fault, "fault");
            return this;
        }

        public Builder bodyBytes(int bodyBytes) {
            this.bodyBytes = checkNotNegative(bodyBytes, "bodyBytes");
            return this;
        }

        public Builder slowFirstByteMs(long slowFirstByteMs) {
            this.slowFirstByteMs = checkNotNegative(slowFirstByteMs, "slowFirstByteMs");
            return this;
        }

        public Builder retryAfterSeconds(int retryAfterSeconds) {
            this.retryAfterSeconds = checkNotNegative(retryAfterSeconds, "retryAfterSeconds");
            return this;
        }

        public Builder embeddingDimensions(int embeddingDimensions) {
            if (embeddingDimensions < 1) {
                throw new IllegalArgumentException("embeddingDimensions: " + embeddingDimensions + " (expected: > 0)");
            }
            this.embeddingDimensions = embeddingDimensions;
            return this;
        }

        public Builder models(List<String> models) {
            this.models = List.copyOf(requireNonNull(models, "models"));
            return this;
        }

        public Builder maxRecordedRequests(int maxRecordedRequests) {
            this.maxRecordedRequests = checkNotNegative(maxRecordedRequests, "maxRecordedRequests");
            return this;
        }

        /** Serve HTTPS with this server context (for tests of the gateway's upstream TLS). */
        public Builder tls(io.netty.handler.ssl.SslContext tls) {
            if (tls != null && !tls.isServer()) {
                throw new IllegalArgumentException("tls: a client context (expected: a server context)");
            }
            this.tls = tls;
            return this;
        }

        public Builder maxRequestBytes(int maxRequestBytes) {
            if (maxRequestBytes < 1) {
                throw new IllegalArgumentException("maxRequestBytes: " + maxRequestBytes + " (expected: > 0)");
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** See {@link MockOptions#keepObjects()}. */
        public Builder keepObjects(boolean keepObjects) {
            this.keepObjects = keepObjects;
            return this;
        }

        public MockOptions build() {
            return new MockOptions(this);
        }
    }

    static long checkNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
        return value;
    }

    static int checkNotNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
        return value;
    }

    static int checkStatus(int status, String name) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException(name + ": " + status + " (expected: 200-599)");
        }
        return status;
    }
}
