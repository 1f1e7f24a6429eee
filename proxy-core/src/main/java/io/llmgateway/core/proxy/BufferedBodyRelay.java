package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.limits.BudgetedCompositeByteBuf;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Buffers an upstream body the gateway must see whole before answering — a body to translate, or
 * an error to classify (and maybe retry elsewhere) — up to {@code upstream.max_response_bytes}.
 * The chunks are kept as received, as components of one composite (no copy), and handed over
 * complete to {@link RelayEnd#buffered}. Nothing reaches the client from here.
 *
 * <p>Every chunk is reserved in the gateway's memory budget ({@code server.max_buffered_bytes},
 * shared with request bodies) before it is kept; the composite gives the bytes back when it is
 * freed, whoever frees it. Over the budget the answer is 503 {@code server_overloaded}: the
 * gateway is short of memory, the provider did nothing wrong.
 */
final class BufferedBodyRelay implements ResponseRelay {

    private final RelayEnd end;
    private final int maxBytes;
    private final ConcurrentMemoryBudget budget;
    private BudgetedCompositeByteBuf body;

    BufferedBodyRelay(ByteBufAllocator alloc, int maxBytes, ConcurrentMemoryBudget budget, RelayEnd end) {
        this.end = end;
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.body = new BudgetedCompositeByteBuf(alloc, budget);
    }

    /** Whether a response announcing its length can fit under {@code maxBytes} at all. */
    static boolean mayFit(HttpResponse head, int maxBytes) {
        return HttpUtil.getContentLength(head, -1L) <= maxBytes;
    }

    /** What the client is told of a body over {@code maxBytes}. */
    static String tooLarge(int maxBytes) {
        return "the upstream response is larger than upstream.max_response_bytes (" + maxBytes + ")";
    }

    @Override
    public void onContent(HttpContent content, boolean last) {
        ByteBuf data = content.content();
        if (body.readableBytes() + data.readableBytes() > maxBytes) {
            content.release();
            end.relayFailed(GatewayError.UPSTREAM_RESPONSE_TOO_LARGE, tooLarge(maxBytes));
            return;
        }
        if (data.isReadable()) {
            int n = data.readableBytes();
            if (!budget.tryReserve(n)) {
                content.release();
                end.relayFailed(GatewayError.SERVER_OVERLOADED, "the gateway is holding as many buffered "
                        + "messages as server.max_buffered_bytes allows (" + budget.limit() + " bytes); retry shortly");
                return;
            }
            body.holdReservation(n);
            body.addComponent(true, data);
        } else {
            content.release();
        }
        if (last) {
            CompositeByteBuf complete = body;
            body = null;
            end.buffered(complete);
        }
    }

    /** Never called: nothing went to the client, so there is nothing to cut. */
    @Override
    public void writeError(GatewayError error, String message) {
    }

    /** The exchange reads the usage of a buffered body from the adapter's translation. */
    @Override
    public Usage usage() {
        return null;
    }

    @Override
    public void release() {
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
