package io.llmgateway.core.proxy;

import io.llmgateway.core.routing.Deployment;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The answer of the last failed attempt, kept while the request is retried elsewhere: if no later
 * attempt does better, the client gets it — an upstream's own error says more than the gateway's
 * "nothing left to try". It names the deployment that gave it ({@code x-gateway-deployment}).
 *
 * <p>Owns the response it holds (one reference) until {@link #take()} or {@link #release()}.
 * Confined to the exchange's event loop.
 */
final class HeldError {

    private FullHttpResponse response;
    private String code;

    /** Keeps {@code r} (ownership passes here), replacing and freeing what was held. */
    void hold(FullHttpResponse r, String errorCode, Deployment from) {
        if (from != null) {
            r.headers().set(ExchangeResponses.X_GATEWAY_DEPLOYMENT, from.label());
        }
        release();
        response = r;
        code = errorCode;
    }

    boolean isEmpty() {
        return response == null;
    }

    /** The error code of the held answer; null when it has none (or nothing is held). */
    String code() {
        return code;
    }

    /** The held answer, now the caller's; null when nothing is held. */
    FullHttpResponse take() {
        FullHttpResponse r = response;
        response = null;
        return r;
    }

    void release() {
        FullHttpResponse r = take();
        if (r != null) {
            r.release();
        }
    }
}
