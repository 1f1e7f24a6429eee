package io.llmgateway.codec.spi;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;

/**
 * An upstream error translated into what the client will see.
 *
 * @param status       the HTTP status for the client (e.g. Anthropic 529 becomes 503)
 * @param body         an OpenAI error body {@code {"error":{"message","type","param","code"}}}; owned
 *                     by the receiver
 * @param retryAfterMs when the provider said the request may be retried, in milliseconds; -1 if unknown
 */
public record UpstreamError(int status, ByteBuf body, long retryAfterMs) {

    public UpstreamError {
        requireNonNull(body, "body");
    }
}
