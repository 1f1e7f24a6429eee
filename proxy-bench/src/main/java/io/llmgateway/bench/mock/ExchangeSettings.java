package io.llmgateway.bench.mock;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The settings of one exchange: {@link MockOptions}' defaults with the request's
 * {@link MockHeaders} applied on top.
 *
 * @param chunks the number of content pieces of the answer (stream events, or parts of a JSON answer)
 * @param quotedKey the request's credential as {@link MockHeaders#QUOTE_KEY} asked to quote it; null when not asked
 * @param cachedTokens prompt tokens reported as read from the prompt cache ({@link MockHeaders#CACHED_TOKENS})
 */
public record ExchangeSettings(
        long latencyMs,
        int chunks,
        long chunkIntervalMs,
        int status,
        MockFault fault,
        int bodyBytes,
        long slowFirstByteMs,
        KeyQuote.Quoted quotedKey,
        int cachedTokens) {

    /** Upper bounds that keep one silly header from exhausting the mock's memory. */
    static final int MAX_CHUNKS = 1_000_000;
    static final int MAX_BODY_BYTES = 256 * 1024 * 1024;
    static final int MAX_CACHED_TOKENS = 100_000_000;

    /**
     * Resolves the settings of a request.
     *
     * @throws IllegalArgumentException naming the header and the expected values
     */
    static ExchangeSettings resolve(MockOptions options, HttpHeaders headers) {
        return new ExchangeSettings(
                longHeader(headers, MockHeaders.LATENCY_MS, options.latencyMs(), Long.MAX_VALUE),
                (int) longHeader(headers, MockHeaders.CHUNKS, options.chunks(), MAX_CHUNKS),
                longHeader(headers, MockHeaders.CHUNK_INTERVAL_MS, options.chunkIntervalMs(), Long.MAX_VALUE),
                status(headers, options.status()),
                fault(headers, options.fault()),
                (int) longHeader(headers, MockHeaders.BODY_BYTES, options.bodyBytes(), MAX_BODY_BYTES),
                longHeader(headers, MockHeaders.SLOW_FIRST_BYTE_MS, options.slowFirstByteMs(), Long.MAX_VALUE),
                quotedKey(headers),
                (int) longHeader(headers, MockHeaders.CACHED_TOKENS, 0, MAX_CACHED_TOKENS));
    }

    private static KeyQuote.Quoted quotedKey(HttpHeaders headers) {
        String value = headers.get(MockHeaders.QUOTE_KEY);
        if (value == null) {
            return null;
        }
        KeyQuote form = KeyQuote.parse(value);
        String key = MockContext.credential(headers);
        if (key == null) {
            throw new IllegalArgumentException(MockHeaders.QUOTE_KEY + ": " + value
                    + " (expected: a request presenting a credential to quote)");
        }
        return form.quote(key);
    }

    /** The message of an injected error that quotes the request's credential, as JSON string content (escaped). */
    String quotedKeyMessageJson() {
        return "Incorrect API key provided: " + quotedKey.json() + ".";
    }

    /** Delay before the response head. */
    long headDelayMs() {
        return fault == MockFault.SLOW_FIRST_BYTE ? slowFirstByteMs : latencyMs;
    }

    boolean isErrorStatus() {
        return status >= 300;
    }

    private static long longHeader(HttpHeaders headers, String name, long fallback, long max) {
        String value = headers.get(name);
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 0 || parsed > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: an integer 0-" + max + ")");
        }
        return parsed;
    }

    private static int status(HttpHeaders headers, int fallback) {
        String value = headers.get(MockHeaders.STATUS);
        if (value == null) {
            return fallback;
        }
        try {
            return MockOptions.checkStatus(Integer.parseInt(value.trim()), MockHeaders.STATUS);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MockHeaders.STATUS + ": " + value + " (expected: 200-599)", e);
        }
    }

    private static MockFault fault(HttpHeaders headers, MockFault fallback) {
        String value = headers.get(MockHeaders.FAULT);
        if (value == null) {
            return fallback;
        }
        try {
            return MockFault.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    MockHeaders.FAULT + ": " + value + " (expected: " + MockFault.EXPECTED + ")", e);
        }
    }
}
