package io.llmgateway.core.http;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.error.GatewayError;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One of the gateway's own error answers, knowing which {@link GatewayError} it is, so that the one
 * place that sends local answers ({@code server.Answers}) can record the refusal's outcome (metrics,
 * request log) without each refusing handler doing it.
 */
public final class GatewayErrorResponse extends DefaultFullHttpResponse {

    private final GatewayError error;
    private boolean outcomeRecorded;

    GatewayErrorResponse(GatewayError error, ByteBuf body) {
        super(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(error.status()), body);
        this.error = requireNonNull(error, "error");
    }

    public GatewayError error() {
        return error;
    }

    /** Whether the sender already recorded this refusal's outcome, with more than the answer knows. */
    public boolean outcomeRecorded() {
        return outcomeRecorded;
    }

    /** Says that the refusal's outcome has been recorded (with its model, body size...): not to record it again. */
    public GatewayErrorResponse markOutcomeRecorded() {
        outcomeRecorded = true;
        return this;
    }
}
