package io.llmgateway.core.balance;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.config.PolicyConfig;
import io.llmgateway.core.limits.RateLimitHeaders;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.state.SharedWindow;
import java.util.concurrent.TimeUnit;

/**
 * The end of an acquired lease: what its attempt teaches the key and the deployment. The tokens
 * reserved are settled against the real usage, the provider's rate-limit headers update the
 * key's quota, and the outcome moves the key's health (cooldown, disable after repeated 401/403,
 * ramp-up after recovery), the deployment's breaker and the key's error rate; then one request
 * waiting for a slot of the key's bulkhead is woken.
 *
 * <p>One per {@link Balancer} (its policy values, read once); called on any thread, concurrently,
 * by {@link AcquiredLease#release}. Hot path: no lock, no blocking, no allocation; shared state
 * changes only through the lock-free classes of {@code io.llmgateway.core.limits}.
 */
final class LeaseSettlement {

    private final Ticker ticker;
    private final long cooldownNanos;
    private final long rampNanos;
    private final int failureThreshold;
    private final int authFailureThreshold;

    LeaseSettlement(Ticker ticker, PolicyConfig policy) {
        this.ticker = ticker;
        this.cooldownNanos = TimeUnit.MILLISECONDS.toNanos(policy.cooldownMs());
        this.rampNanos = TimeUnit.MILLISECONDS.toNanos(policy.rampMs());
        this.failureThreshold = policy.failureThreshold();
        this.authFailureThreshold = policy.authFailureThreshold();
    }

    /** Settles a lease: tokens against real usage, provider headers, health, breaker, error rate; wakes a waiter. */
    void settle(AcquiredLease l, Result r) {
        long now = ticker.nanoTime();
        Candidate c = l.candidate;
        KeyState k = c.key;
        ErrorKind kind = r.error();
        Usage u = r.usage();
        long actual;
        if (u != null) {
            actual = u.totalTokens() > 0 ? u.totalTokens() : u.promptTokens() + u.completionTokens();
        } else {
            actual = kind.generatedNothing() ? 0 : l.reserved;
        }
        l.limits.release(l.epoch, l.reserved, actual);
        SharedWindow shared = k.shared;
        if (shared != null) {
            shared.settle(l.reserved, actual);
        }
        if (r.headers() != null) {
            RateLimitHeaders.read(r.headers(), now, ticker.currentTimeMillis(), k.quota);
        }
        if (kind == ErrorKind.NONE && !l.firstByte && !l.stream && now > l.startNanos) {
            c.state.latency.record(now - l.startNanos); // a non-stream answer without onFirstByte: its whole time
        }
        switch (kind) {
            case NONE, CLIENT_ERROR, CONTEXT_LENGTH -> {
                k.health.onSuccess(l.keyProbe, now, rampNanos);
                l.breaker.onSuccess(l.breakerProbe, now);
                k.errorRate.recordIndicator(false);
            }
            case RATE_LIMITED -> {
                long wait = r.retryAfterMs() >= 0 ? TimeUnit.MILLISECONDS.toNanos(r.retryAfterMs()) : -1;
                long blocked = k.quota.blockedUntil(now);
                if (wait < 0 && blocked > 0) {
                    wait = blocked - now; // the provider's reset headers say when
                }
                k.health.onRateLimited(wait, now, cooldownNanos);
                l.breaker.onNeutral(l.breakerProbe);
                k.errorRate.recordIndicator(true);
            }
            case AUTH -> {
                k.health.onAuthFailure(l.keyProbe, now, cooldownNanos, failureThreshold, authFailureThreshold,
                        r.status());
                l.breaker.onNeutral(l.breakerProbe);
                k.errorRate.recordIndicator(true);
            }
            case CANCELLED -> {
                k.health.onNeutral(l.keyProbe);
                l.breaker.onNeutral(l.breakerProbe);
            }
            default -> {
                k.health.onFailure(l.keyProbe, now, cooldownNanos, failureThreshold, kind.name());
                if (l.breaker.onFailure(l.breakerProbe, now) && k.keeper != null) {
                    KeySharing.breakerOpened(k, c.state.model, l.breaker.blockedUntil(now), now, ticker);
                }
                k.errorRate.recordIndicator(true);
            }
        }
        if (!k.waiters.isEmpty()) {
            PendingLease.wake(k);
        }
    }
}
