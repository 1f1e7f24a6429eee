package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.http.GatewayErrorResponse;
import io.llmgateway.core.http.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /v1/models} (every alias and {@code provider/model}, in OpenAI's list shape) and
 * {@code GET /v1/models/{id}} (the SDKs' {@code models.retrieve()}: the same object as in the
 * list, or 404 {@code model_not_found}). The bodies are encoded once per config snapshot; an
 * answer sends a duplicate. A {@code provider/model} id contains a {@code /}, which SDKs send as
 * {@code %2F} and curl users type as is: both are accepted.
 */
final class ModelsRoute {

    private static final String MODEL_PREFIX = "/v1/models/";

    private ModelsRoute() {
    }

    /** Whether {@code path} is {@code /v1/models/{id}} with a non-empty id. */
    static boolean isModelPath(String path) {
        return path.length() > MODEL_PREFIX.length() && path.startsWith(MODEL_PREFIX);
    }

    static FullHttpResponse list(ChannelHandlerContext ctx, InboundRequest request) {
        return Responses.json(HttpResponseStatus.OK, request.snapshot().modelsBody().duplicate(), request.requestId(),
                !request.keepAlive());
    }

    static FullHttpResponse retrieve(ChannelHandlerContext ctx, InboundRequest request) {
        String raw = request.path().substring(MODEL_PREFIX.length());
        String id = PercentDecoder.decode(raw);
        ByteBuf body = id == null ? null : request.snapshot().modelBody(id);
        if (body == null) {
            return notFound(ctx.alloc(), id == null ? raw : id, request);
        }
        return Responses.json(HttpResponseStatus.OK, body.duplicate(), request.requestId(), !request.keepAlive());
    }

    /** 404 {@code model_not_found} for a model the config does not know, in OpenAI's words. */
    static GatewayErrorResponse notFound(ByteBufAllocator alloc, String model, InboundRequest request) {
        return Responses.error(alloc, GatewayError.MODEL_NOT_FOUND, "The model '" + ClientText.quote(model)
                + "' does not exist or you do not have access to it.", "model", request.requestId(),
                !request.keepAlive());
    }
}
