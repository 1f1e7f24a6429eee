package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.auth.Admission;
import io.llmgateway.core.auth.VirtualKeyAccess;
import io.llmgateway.core.auth.VirtualKeyLease;
import io.llmgateway.core.limits.Ticker;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;

/**
 * The exchange's side of the client's virtual key: when the exchange starts (the model is known,
 * nothing sent upstream yet) it admits the request under the key's models, budget and limits and
 * its team's ({@link VirtualKeyAccess#admit}), or makes the refusal — 403
 * {@code model_not_allowed}, 429 {@code rate_limit_exceeded} with a truthful {@code retry-after},
 * 429 {@code budget_exceeded}; when the exchange ends it gives the parallel slot back and settles
 * the tokens against the real usage, exactly once.
 *
 * <p>Hot path, confined to the exchange's event loop; made only for a request with a virtual key.
 */
final class VirtualKeyGate {

    private static final AsciiString X_SHOULD_RETRY = AsciiString.cached("x-should-retry");

    private final VirtualKeyAccess key;
    private final VirtualKeyLease lease = new VirtualKeyLease();
    private GatewayError refusal;

    private VirtualKeyGate(VirtualKeyAccess key) {
        this.key = key;
    }

    /** The gate of {@code request}'s virtual key; null when it has none. */
    static VirtualKeyGate of(ClientRequest request) {
        return request.virtualKey() == null ? null : new VirtualKeyGate(request.virtualKey());
    }

    /**
     * Admits the request, reserving its prompt estimate plus its completion budget
     * ({@code max_tokens}, else {@code policy.default_max_tokens}) against the tokens per minute.
     *
     * @return null when admitted; else the answer, whose error {@link #refusal()} names
     */
    FullHttpResponse admit(ClientRequest request, ExchangeResponses responses, long promptEstimate) {
        long max = request.fields().outputTokenLimit();
        long completion = max > 0 ? max : request.snapshot().config().policy().defaultMaxTokens();
        long tokens = promptEstimate + completion < 0 ? Long.MAX_VALUE : promptEstimate + completion;
        String model = request.fields().model();
        Admission a = key.admit(model, tokens, Ticker.system().nanoTime(), System.currentTimeMillis(), lease);
        switch (a) {
            case ADMITTED -> {
                return null;
            }
            case MODEL_NOT_ALLOWED -> {
                refusal = GatewayError.MODEL_NOT_ALLOWED;
                return responses.error(refusal, "virtual key '" + key.spec().id() + "' may not use model '" + model
                        + "' (allowed: " + String.join(", ", key.spec().models()) + ")", "model");
            }
            case RATE_LIMITED -> {
                refusal = GatewayError.KEY_RATE_LIMIT_EXCEEDED;
                long ms = lease.retryAfterMs();
                FullHttpResponse r = responses.error(refusal, "virtual key '" + key.spec().id() + "'"
                        + (key.teamId() == null ? "" : " or its team '" + key.teamId() + "'")
                        + " is at its requests, tokens or parallel requests limit; retry in " + ms + " ms", null);
                r.headers().set(HttpHeaderNames.RETRY_AFTER, RetryAfter.toHeaderSeconds(ms));
                r.headers().set(ExchangeResponses.RETRY_AFTER_MS, ms);
                return r;
            }
            case BUDGET_EXCEEDED -> {
                refusal = GatewayError.BUDGET_EXCEEDED;
                FullHttpResponse r = responses.error(refusal, "virtual key '" + key.spec().id() + "'"
                        + (key.teamId() == null ? "" : " or its team '" + key.teamId() + "'")
                        + " has spent its budget for the period", null);
                r.headers().set(X_SHOULD_RETRY, "false");
                if (lease.retryAfterMs() > 0) {
                    r.headers().set(HttpHeaderNames.RETRY_AFTER, RetryAfter.toHeaderSeconds(lease.retryAfterMs()));
                }
                return r;
            }
            default -> throw new IllegalStateException("admission: " + a);
        }
    }

    /** The error of the last refusal. */
    GatewayError refusal() {
        return refusal;
    }

    /**
     * The exchange ended: the slot goes back and the tokens reserved are settled against
     * {@code usage}; without usage, against the reservation when an answer was relayed, else 0.
     */
    void release(Usage usage, boolean relayed) {
        if (!lease.held()) {
            return;
        }
        long actual;
        if (usage != null) {
            actual = usage.totalTokens() > 0 ? usage.totalTokens() : usage.promptTokens() + usage.completionTokens();
        } else {
            actual = relayed ? -1 : 0;
        }
        lease.release(actual);
    }
}
