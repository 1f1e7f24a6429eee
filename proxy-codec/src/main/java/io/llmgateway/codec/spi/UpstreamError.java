package io.llmgateway.codec.spi;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;

/**
 * An upstream error translated into what the client will see.
 *
 * @param status         the HTTP status for the client (e.g. Anthropic 529 becomes 503)
 * @param body           an OpenAI error body {@code {"error":{"message","type","param","code"}}}; owned
 *                       by the receiver
 * @param retryAfterMs   when the provider said the request may be retried, in milliseconds; -1 if unknown
 * @param classification what the error means for the core: its code, and whether the prompt was too
 *                       long for the model
 */
public record UpstreamError(int status, ByteBuf body, long retryAfterMs, ErrorClassification classification) {

    public UpstreamError {
        requireNonNull(body, "body");
        requireNonNull(classification, "classification");
    }

    /** An error of which nothing is known beyond its status and body. */
    public UpstreamError(int status, ByteBuf body, long retryAfterMs) {
        this(status, body, retryAfterMs, ErrorClassification.UNKNOWN);
    }
}
