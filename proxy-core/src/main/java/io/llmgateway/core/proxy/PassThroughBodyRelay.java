package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Relays a successful JSON body unchanged, chunk by chunk as it arrives; the usage is read from the
 * body's tail on its way through ({@link RelayedUsage}).
 *
 * <p>Hot path: the upstream's own {@link HttpContent} objects go to the client; no copy, no
 * allocation per chunk beyond the usage reader's retained duplicate.
 */
final class PassThroughBodyRelay extends PassThroughRelay {

    PassThroughBodyRelay(ClientOutput out, RelayEnd end) {
        super(out, end);
    }

    @Override
    public void onContent(HttpContent content, boolean last) {
        usage.onBody(content.content());
        if (!last) {
            out.write(content);
            return;
        }
        LastHttpContent lastPiece = LastHttpContent.EMPTY_LAST_CONTENT;
        if (content.content().isReadable()) {
            lastPiece = new DefaultLastHttpContent(content.content());
        } else {
            content.release();
        }
        end.relayed(lastPiece);
    }

    /** Nothing to add: a body cut short is told by the closed connection (its framing does not add up). */
    @Override
    public void writeError(GatewayError error, String message) {
    }
}
