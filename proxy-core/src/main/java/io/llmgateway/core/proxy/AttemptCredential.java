package io.llmgateway.core.proxy;

import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.gcp.AccessTokens;
import io.llmgateway.core.gcp.ServiceAccountTokenSource;
import io.llmgateway.core.routing.Deployment;
import io.netty.channel.EventLoop;

/**
 * The credential an {@link UpstreamAttempt} sends for a key with a {@code credentials_file}: the
 * current access token of its service account, kept fresh off the event loop by its
 * {@link ServiceAccountTokenSource}. (A key with a {@code secret} needs none of this: the attempt
 * sends the secret and makes no instance.)
 *
 * <pre>
 *   value() != null              -&gt; send with it
 *   value() == null, mayWait()   -&gt; await(loop, resend): a token exchange is under way (once per attempt)
 *   value() == null, otherwise   -&gt; the attempt fails with unavailableReason() (503)
 *   upstream 401                 -&gt; rejected(): the source exchanges again, once per token
 * </pre>
 *
 * <p>Confined to the exchange's event loop. A wait never blocks: the source calls back when its
 * first exchange ends (bounded by the exchange's own timeout), and the callback hops to the loop.
 */
final class AttemptCredential {

    private final KeyConfig key;
    private final ServiceAccountTokenSource source;
    private String sentToken;
    private boolean waiting;
    private boolean waited;

    /** For a deployment whose key has a service account. */
    AttemptCredential(Deployment deployment, AccessTokens tokens) {
        this.key = deployment.key();
        this.source = tokens.source(key.serviceAccount());
    }

    /** What to send now; null when the key's service account has no valid token. */
    String value() {
        String token = source == null ? null : source.token();
        sentToken = token;
        return token;
    }

    /**
     * Whether a token is on its way (the first one, or a refresh that has not ended when the last
     * expired): the attempt waits for it rather than fail, once.
     */
    boolean mayWait() {
        return !waited && source != null && source.exchangeUnderWay();
    }

    /** Runs {@code resume} on {@code loop} when the exchange under way has ended, unless {@link #cancel()}ed first. */
    void await(EventLoop loop, Runnable resume) {
        waiting = true;
        waited = true;
        source.whenExchangeEnds(() -> loop.execute(() -> {
            if (waiting) {
                waiting = false;
                resume.run();
            }
        }));
    }

    /** The attempt ended or moved on: a pending {@link #await} does nothing. */
    void cancel() {
        waiting = false;
    }

    /** Why {@link #value()} is null: the account and the token endpoint's answer, never a secret. */
    String unavailableReason() {
        return source != null ? source.unavailableReason() : "service account " + key.serviceAccount().clientEmail()
                + " is not running (the configuration is being reloaded)";
    }

    /** The provider answered 401 to what {@link #value()} gave: a service account exchanges for a new token. */
    void rejected() {
        if (source != null && sentToken != null) {
            source.rejected(sentToken);
        }
    }
}
