package io.llmgateway.core.proxy;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Copies what the request log shows of an exchange's content when {@code logging.include_content}
 * is on: the first {@code maxBytes} of the request body, and the first bytes of the response body
 * as {@link ClientOutput} sends it — {@code maxBytes} of a body; of an event stream, whose events
 * carry far more framing than text, {@link #STREAM_FACTOR} times as much, from which the request
 * log takes the text of the deltas. Only made when content is logged: the default path never
 * allocates one.
 *
 * <p>Confined to the exchange's event loop. Reads the buffers it is shown without moving their
 * indexes or touching their reference counts: their owners stay who they were.
 */
final class ContentCapture {

    /** How many times {@code maxBytes} of an event stream is kept (its text is a fraction of it). */
    static final int STREAM_FACTOR = 8;

    private final int responseMax;
    private final byte[] request;
    private final boolean requestTruncated;
    private byte[] response;
    private int responseLength;
    private boolean responseTruncated;

    /** Copies the first {@code maxBytes} of {@code requestBody}; {@code stream}: the client asked for a stream. */
    ContentCapture(ByteBuf requestBody, int maxBytes, boolean stream) {
        this.responseMax = stream ? (int) Math.min((long) maxBytes * STREAM_FACTOR, Integer.MAX_VALUE - 8) : maxBytes;
        int n = Math.min(requestBody.readableBytes(), maxBytes);
        this.request = new byte[n];
        requestBody.getBytes(requestBody.readerIndex(), request);
        this.requestTruncated = requestBody.readableBytes() > maxBytes;
    }

    /** A piece of the response body as it goes to the client, in order; copied while there is room. */
    void response(ByteBuf piece) {
        int readable = piece.readableBytes();
        int n = Math.min(responseMax - responseLength, readable);
        if (n < readable) {
            responseTruncated = true;
        }
        if (n == 0) {
            return;
        }
        if (response == null) {
            response = new byte[Math.min(responseMax, Math.max(256, n))];
        } else if (responseLength + n > response.length) {
            response = Arrays.copyOf(response, Math.min(responseMax, Math.max(responseLength + n, response.length * 2)));
        }
        piece.getBytes(piece.readerIndex(), response, responseLength, n);
        responseLength += n;
    }

    /** What was copied, for the outcome. */
    LoggedContent content() {
        byte[] body = response == null ? null : Arrays.copyOf(response, responseLength);
        return new LoggedContent(request, requestTruncated, body, responseTruncated);
    }
}
