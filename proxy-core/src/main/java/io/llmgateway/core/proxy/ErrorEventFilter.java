package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.sse.SseEvents;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.secrets.SecretMatcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Keeps the key's secret out of a stream's error events: an upstream error event (relayed as is,
 * or translated by an adapter) that quotes the secret in any form {@link SecretMatcher} knows is
 * replaced by the gateway's own {@link GatewayError#UPSTREAM_ERROR_WITHHELD} event, in the
 * stream's dialect ({@link WithheldErrorEvent}). Every error event the client can see comes here:
 * OpenAI's {@code data: {"error":...}}, Anthropic's and the Responses API's {@code event: error},
 * the Responses API's {@code response.failed} ({@link SseEvents#isErrorEvent}).
 *
 * <pre>
 *   upstream event --SseEvents.isErrorEvent--> ErrorEventFilter.shown(event) --> client
 * </pre>
 *
 * <p>Only error events are given to it, so an ordinary stream event is never scanned; an error
 * event is scanned whole (decoded into a scratch copy), which is the error path's to pay. Static:
 * a stream costs no object for it.
 */
final class ErrorEventFilter {

    private ErrorEventFilter() {
    }

    /** Whether an error event of {@code deployment} can need replacing at all: false when its secret is not searched. */
    static boolean active(Deployment deployment) {
        return deployment.secretMatcher().searched();
    }

    /**
     * {@code event}, an error event of {@code deployment}'s stream, as the client may see it: itself,
     * or the gateway's own error event when it quotes the key's secret ({@code event} is then
     * released). The caller owns the result.
     */
    static ByteBuf shown(ByteBuf event, Deployment deployment, ByteBufAllocator alloc) {
        if (!deployment.secretMatcher().foundIn(event)) {
            return event;
        }
        try {
            return WithheldErrorEvent.replacing(event, GatewayError.UPSTREAM_ERROR_WITHHELD,
                    withheldMessage(deployment.provider().id()), alloc);
        } finally {
            event.release();
        }
    }

    /** What the client reads instead of an upstream error that quoted the credential. */
    static String withheldMessage(String providerId) {
        return "upstream '" + providerId + "' reported an error (its message quoted a credential and is withheld)";
    }
}
