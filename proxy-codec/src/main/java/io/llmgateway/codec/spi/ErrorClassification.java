package io.llmgateway.codec.spi;

/**
 * What an upstream error response means, as the adapter that knows the provider's error shape reads
 * it: the provider's error code, and whether the request was too long for the model. The core
 * decides from it whether to go to a context-window fallback instead of answering, and records the
 * code in the exchange's outcome.
 *
 * <pre>
 *   {"error":{"code":"context_length_exceeded",...}}        -> ("context_length_exceeded", true)
 *   Anthropic 400 "prompt is too long: 210000 tokens > ..."  -> ("context_length_exceeded", true)
 *   {"error":{"code":"rate_limit_exceeded",...}}            -> ("rate_limit_exceeded", false)
 * </pre>
 *
 * @param code                  the error code the client sees (the provider's own, or the one the
 *                              adapter mapped it to); null when there is none
 * @param contextLengthExceeded whether the provider said the prompt does not fit the model's
 *                              context window
 */
public record ErrorClassification(String code, boolean contextLengthExceeded) {

    /** Nothing known beyond the HTTP status. */
    public static final ErrorClassification UNKNOWN = new ErrorClassification(null, false);
}
