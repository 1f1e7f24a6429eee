package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.Usage;
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
final class PassThroughBodyRelay implements ResponseRelay {

    private final ClientOutput out;
    private final RelayEnd end;
    private final RelayedUsage usage = new RelayedUsage();

    PassThroughBodyRelay(ClientOutput out, RelayEnd end) {
        this.out = out;
        this.end = end;
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

    @Override
    public Usage usage() {
        return usage.usage(out.alloc());
    }

    @Override
    public boolean usageEstimated() {
        return usage.estimated();
    }

    @Override
    public void release() {
        usage.release();
    }
}
