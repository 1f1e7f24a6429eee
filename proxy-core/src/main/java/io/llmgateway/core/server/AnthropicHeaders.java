package io.llmgateway.core.server;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * The request headers of Anthropic's Messages API, as the gateway's door sees them: the
 * {@code anthropic-version} a client left out is defaulted (Anthropic requires it, the gateway does
 * not: a curl user should not need it, and an Anthropic provider gets a valid one), and the
 * {@code x-api-key} of Anthropic's SDKs is the client key when there is no {@code Authorization}.
 */
final class AnthropicHeaders {

    static final AsciiString NAME = AsciiString.cached("anthropic-version");
    /** The version every Anthropic SDK sends. */
    static final String DEFAULT = "2023-06-01";
    private static final AsciiString X_API_KEY = AsciiString.cached("x-api-key");

    private AnthropicHeaders() {
    }

    /** Sets {@code anthropic-version} to {@link #DEFAULT} when the client sent none. */
    static void defaultIn(HttpHeaders headers) {
        if (!headers.contains(NAME)) {
            headers.set(NAME, DEFAULT);
        }
    }

    /**
     * The headers to authenticate: {@code headers} themselves, or — when the client sent its key as
     * {@code x-api-key} and no {@code Authorization} — a view holding that key as a bearer token.
     */
    static HttpHeaders withApiKeyAsBearer(HttpHeaders headers) {
        String key = headers.get(X_API_KEY);
        if (key == null || headers.contains(HttpHeaderNames.AUTHORIZATION)) {
            return headers;
        }
        return new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key.trim());
    }
}
