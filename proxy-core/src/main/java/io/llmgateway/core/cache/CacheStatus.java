package io.llmgateway.core.cache;

import io.netty.util.AsciiString;

/**
 * What the response cache did for one request, as {@code x-gateway-cache} tells the client and
 * the request log records it. A request the cache does not apply to has none.
 */
public enum CacheStatus {
    /** Answered from the cache: no upstream call. */
    HIT("hit"),
    /** Not in the cache: sent upstream, and its answer stored when it succeeds. */
    MISS("miss"),
    /** The client said {@code Cache-Control: no-cache} or {@code no-store}: not looked up. */
    BYPASS("bypass");

    /** The response header that tells the client. */
    public static final AsciiString HEADER = AsciiString.cached("x-gateway-cache");

    private final String label;
    private final AsciiString value;

    CacheStatus(String label) {
        this.label = label;
        this.value = AsciiString.cached(label);
    }

    /** The header value, the request log's and the metrics' word. */
    public String label() {
        return label;
    }

    /** {@link #label()} as a header value. */
    public AsciiString headerValue() {
        return value;
    }
}
