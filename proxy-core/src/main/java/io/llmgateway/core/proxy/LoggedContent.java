package io.llmgateway.core.proxy;

/**
 * The request and response content of one exchange, kept for the request log when
 * {@code logging.include_content} is on (never otherwise): copies of at most
 * {@code logging.max_content_bytes} each, taken on the event loop from buffers the exchange still
 * owns, so that the outcome carrying them may cross threads while the buffers are released.
 *
 * <p>The arrays are not copied again: nobody writes to them after the exchange ends.
 *
 * @param request           the first bytes of the request body
 * @param requestTruncated  whether the body was longer than {@code request}
 * @param response          the first bytes of the response body as the client received it — for
 *                          an event stream, more of them ({@code ContentCapture.STREAM_FACTOR}
 *                          times {@code max_content_bytes}: the log keeps the text of its deltas);
 *                          null when no body was sent
 * @param responseTruncated whether that body was longer than {@code response}
 */
public record LoggedContent(byte[] request, boolean requestTruncated, byte[] response, boolean responseTruncated) {
}
