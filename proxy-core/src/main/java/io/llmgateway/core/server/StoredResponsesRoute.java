package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.http.Responses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * {@code GET}/{@code DELETE /v1/responses/{id}} and {@code .../input_items}: the reads of
 * responses an OpenAI provider stored. The gateway stores none, and routes by {@code model}, which
 * these requests do not have: they are answered 404 {@code not_found}, saying why, rather than
 * {@code unknown_url} (the path is known; what it names is not kept here).
 */
final class StoredResponsesRoute {

    private static final String PREFIX = "/v1/responses/";

    private StoredResponsesRoute() {
    }

    /** Whether {@code path} is {@code /v1/responses/{id}} or below it. */
    static boolean isStoredResponsePath(String path) {
        return path.length() > PREFIX.length() && path.startsWith(PREFIX);
    }

    static FullHttpResponse answer(ChannelHandlerContext ctx, InboundRequest request) {
        return Responses.error(ctx.alloc(), GatewayError.NOT_FOUND,
                ClientText.quote(request.path()) + ": the gateway keeps no stored responses (answers are relayed, "
                + "not stored; send the conversation in input instead of previous_response_id)", null,
                request.requestId(), !request.keepAlive());
    }
}
