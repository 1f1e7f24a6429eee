package io.llmgateway.core.proxy;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Copies what the request log shows of an exchange's content when {@code logging.include_content}
 * is on: the first {@code maxBytes} of the request body, and of a successful non-stream answer as
 * it goes to the client. Only made when content is logged — the default path never allocates one.
 *
 * <p>Confined to the exchange's event loop. Reads the buffers it is shown without moving their
 * indexes or touching their reference counts: their owners stay who they were.
 */
final class ContentCapture {

    private final int maxBytes;
    private final byte[] request;
    private final boolean requestTruncated;
    private byte[] response;
    private int responseLength;
    private boolean responseTruncated;

    /** Copies the first {@code maxBytes} of {@code requestBody}. */
    ContentCapture(ByteBuf requestBody, int maxBytes) {
        this.maxBytes = maxBytes;
        int n = Math.min(requestBody.readableBytes(), maxBytes);
        this.request = new byte[n];
        requestBody.getBytes(requestBody.readerIndex(), request);
        this.requestTruncated = requestBody.readableBytes() > maxBytes;
    }

    /** A piece of the answer's body, in order; copied while there is room. */
    void response(ByteBuf piece) {
        if (response == null) {
            response = new byte[Math.min(maxBytes, Math.max(256, piece.readableBytes()))];
        }
        int room = maxBytes - responseLength;
        int n = Math.min(room, piece.readableBytes());
        if (n < piece.readableBytes()) {
            responseTruncated = true;
        }
        if (n == 0) {
            return;
        }
        if (responseLength + n > response.length) {
            response = Arrays.copyOf(response, Math.min(maxBytes, Math.max(responseLength + n, response.length * 2)));
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
