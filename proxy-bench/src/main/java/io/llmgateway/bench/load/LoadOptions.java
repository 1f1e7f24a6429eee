package io.llmgateway.bench.load;

import static java.util.Objects.requireNonNull;

import io.llmgateway.bench.NettyTransport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@link LoadGenerator} run does; immutable. Every default is here:
 *
 * <pre>
 * concurrency 100, rate 0 (closed loop), requests 0 and duration 0 (then: duration 10 s),
 * warmup 0, timeout 60 s, connectTimeout 10 s, stream false, model gpt-4o-mini,
 * ioThreads 0 (= processors), transport auto, body null (= built in, chosen by the URL's path)
 * </pre>
 */
public final class LoadOptions {

    static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);

    private final URI url;
    private final String method;
    private final byte[] body;
    private final List<Map.Entry<String, String>> headers;
    private final int concurrency;
    private final double rate;
    private final long requests;
    private final Duration duration;
    private final Duration warmup;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final boolean stream;
    private final String model;
    private final int ioThreads;
    private final NettyTransport transport;

    private LoadOptions(Builder b) {
        url = b.url;
        body = b.body;
        method = b.method != null ? b.method : BuiltInBodies.defaultMethod(b.url, b.body);
        headers = List.copyOf(b.headers);
        concurrency = b.concurrency;
        rate = b.rate;
        requests = b.requests;
        duration = b.requests == 0 && b.duration.isZero() ? DEFAULT_DURATION : b.duration;
        warmup = b.warmup;
        timeout = b.timeout;
        connectTimeout = b.connectTimeout;
        stream = b.stream;
        model = b.model;
        ioThreads = b.ioThreads;
        transport = b.transport;
    }

    public static Builder builder(String url) {
        return new Builder(URI.create(requireNonNull(url, "url")));
    }

    public URI url() {
        return url;
    }

    /** {@code POST}, or {@code GET} for a built-in body of a {@code .../models} URL. */
    public String method() {
        return method;
    }

    /** The request body, or {@code null} for the built-in body of the URL's endpoint. */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    byte[] bodyOrNull() {
        return body;
    }

    /** Extra request headers, in order, e.g. {@code Authorization}. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** Connections; each carries one request at a time. */
    public int concurrency() {
        return concurrency;
    }

    /** Requests per second for the open loop; 0 means closed loop. */
    public double rate() {
        return rate;
    }

    public boolean isOpenLoop() {
        return rate > 0;
    }

    /** Measured requests to send (warm-up excluded); 0 means until {@link #duration()}. */
    public long requests() {
        return requests;
    }

    /** How long to send measured requests after the warm-up; zero means until {@link #requests()}. */
    public Duration duration() {
        return duration;
    }

    /** Requests started in this first period are sent but not counted. */
    public Duration warmup() {
        return warmup;
    }

    /** A request that has not ended this long after it was sent (connect included) is a timeout. */
    public Duration timeout() {
        return timeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Whether the built-in chat or completion body asks for a stream (with {@code include_usage}). */
    public boolean stream() {
        return stream;
    }

    /** The {@code model} of the built-in body. */
    public String model() {
        return model;
    }

    public int ioThreads() {
        return ioThreads;
    }

    public NettyTransport transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "url=" + url + ", method=" + method + ", body=" + (body == null ? "built-in" : body.length + " bytes")
                + ", concurrency=" + concurrency + ", mode=" + (isOpenLoop() ? "open loop at " + rate + "/s" : "closed loop")
                + ", requests=" + requests + ", duration=" + duration + ", warmup=" + warmup
                + ", timeout=" + timeout + ", stream=" + stream;
    }

    /** Validates each value as it is set, naming the setting in the message. */
    public static final class Builder {
        private final URI url;
        private String method;
        private byte[] body;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private int concurrency = 100;
        private double rate;
        private long requests;
        private Duration duration = Duration.ZERO;
        private Duration warmup = Duration.ZERO;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private boolean stream;
        private String model = "gpt-4o-mini";
        private int ioThreads;
        private NettyTransport transport = NettyTransport.AUTO;

        private Builder(URI url) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) || url.getHost() == null) {
                throw new IllegalArgumentException("url: " + url + " (expected: http://host[:port]/path; https is not supported)");
            }
            this.url = url;
        }

        public Builder method(String method) {
            this.method = requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            return this;
        }

        /** The exact request body; without one, a small request for the URL's endpoint is built in. */
        public Builder body(byte[] body) {
            this.body = requireNonNull(body, "body").clone();
            return this;
        }

        public Builder header(String name, String value) {
            headers.add(Map.entry(requireNonNull(name, "name"), requireNonNull(value, "value")));
            return this;
        }

        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: > 0)");
            }
            this.concurrency = concurrency;
            return this;
        }

        public Builder rate(double rate) {
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate: " + rate + " (expected: >= 0, 0 = closed loop)");
            }
            this.rate = rate;
            return this;
        }

        public Builder requests(long requests) {
            if (requests < 0) {
                throw new IllegalArgumentException("requests: " + requests + " (expected: >= 0)");
            }
            this.requests = requests;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = checkNotNegative(duration, "duration");
            return this;
        }

        public Builder warmup(Duration warmup) {
            this.warmup = checkNotNegative(warmup, "warmup");
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = checkPositive(timeout, "timeout");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = checkPositive(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        public Builder model(String model) {
            this.model = requireNonNull(model, "model");
            return this;
        }

        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 0) {
                throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 0, 0 = processors)");
            }
            this.ioThreads = ioThreads;
            return this;
        }

        public Builder transport(NettyTransport transport) {
            this.transport = requireNonNull(transport, "transport");
            return this;
        }

        public LoadOptions build() {
            return new LoadOptions(this);
        }

        private static Duration checkNotNegative(Duration d, String name) {
            requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
            }
            return d;
        }

        private static Duration checkPositive(Duration d, String name) {
            requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }
    }
}
