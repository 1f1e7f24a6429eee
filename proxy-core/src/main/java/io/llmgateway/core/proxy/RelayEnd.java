package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.LastHttpContent;

/** How a {@link ResponseRelay} ends: the exchange's side of it. */
interface RelayEnd {

    /**
     * The answer was relayed whole and the upstream's exchange ended cleanly (its connection may
     * be reused); {@code last} is the final piece for the client (owned by the callee).
     */
    void relayed(LastHttpContent last);

    /** A buffered upstream body is complete; owned by the callee. */
    void buffered(CompositeByteBuf body);

    /**
     * The answer cannot be carried on. Before its head went to the client, the client gets the
     * gateway's error instead; after, the response is cut short — with {@code error} as an in-stream
     * event, or none when {@code error} is null (the upstream's own error event was relayed).
     */
    void relayFailed(GatewayError error, String message);
}
