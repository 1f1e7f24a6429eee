package io.llmgateway.core.proxy;

import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.auth.VirtualKeyAccess;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * A complete client request ready to be proxied. {@code body} is owned by the exchange that
 * receives this (one reference), which releases it when it is over.
 *
 * @param snapshot  the config snapshot the request started with
 * @param endpoint  the OpenAI operation
 * @param headers   the client's request headers
 * @param body      the request body as received (a composite of the received buffers)
 * @param fields    the routing fields scanned from the body
 * @param route     the resolved route of {@code fields.model()}
 * @param requestId the request id (client's {@code X-Request-ID} or generated)
 * @param keepAlive whether the client wants the connection kept open after the response
 * @param clientKeyId the id of the client key that authenticated the request; null when client
 *                  authentication is off
 * @param receivedNanos {@link System#nanoTime()} when the request head arrived
 * @param virtualKey the virtual key the client presented (its models, limits and budget are
 *                  checked when the exchange starts); null when it presented none
 */
public record ClientRequest(
        GatewaySnapshot snapshot,
        Endpoint endpoint,
        HttpHeaders headers,
        ByteBuf body,
        RequestFields fields,
        Route route,
        String requestId,
        boolean keepAlive,
        String clientKeyId,
        long receivedNanos,
        VirtualKeyAccess virtualKey) {

    /** A request of a client without a virtual key. */
    public ClientRequest(GatewaySnapshot snapshot, Endpoint endpoint, HttpHeaders headers, ByteBuf body,
            RequestFields fields, Route route, String requestId, boolean keepAlive, String clientKeyId,
            long receivedNanos) {
        this(snapshot, endpoint, headers, body, fields, route, requestId, keepAlive, clientKeyId, receivedNanos, null);
    }
}
