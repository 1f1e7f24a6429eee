package io.llmgateway.core.balance;

import io.llmgateway.core.limits.ProviderQuota;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.state.QuotaReading;
import io.llmgateway.core.state.RuntimeStore;
import io.llmgateway.core.state.SharedFlag;
import io.llmgateway.core.state.StateKeeper;
import io.llmgateway.core.state.StateParticipant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What instances tell each other about provider keys, through the runtime store: an administrator's
 * disable, a cooldown (after 429s or failures), a deployment's open breaker, and the provider's last
 * quota reading. Decisions made here are published by the thread that made them (queued to the
 * state thread: lock-free); other instances' ones are applied by {@link #changed} on the state
 * thread, which never publishes them again.
 *
 * <p>Not shared: a key disabled after repeated 401/403 (each instance learns it from the provider
 * in {@code auth_failure_threshold} answers that never reach a client), requests in flight and
 * {@code max_concurrent} (per instance), latencies and error rates.
 */
final class KeySharing implements StateParticipant {

    /** An admin change made here is not undone by a flag list read before it was published. */
    private static final long ADMIN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Map<String, KeyState> keys;
    private final StateKeeper keeper;
    private final Ticker ticker;
    private final Map<String, QuotaReading> lastShared = new HashMap<>();

    KeySharing(Map<String, KeyState> keys, StateKeeper keeper, Ticker ticker) {
        this.keys = keys;
        this.keeper = keeper;
        this.ticker = ticker;
    }

    static String label(KeyState k) {
        return k.providerId + '/' + k.keyId;
    }

    /** A key began to cool down here (any thread). */
    static void cooledDown(KeyState k, long cooldownNanos, String reason, Ticker ticker) {
        StateKeeper keeper = k.keeper;
        if (keeper == null || keeper.onStateThread()) {
            return;
        }
        long until = ticker.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(cooldownNanos);
        keeper.publish(new SharedFlag(SharedFlag.Kind.COOLDOWN, label(k), until, reason, keeper.instanceId()));
    }

    /** A deployment's breaker opened here (any thread). */
    static void breakerOpened(KeyState k, String model, long untilNanos, long nowNanos, Ticker ticker) {
        StateKeeper keeper = k.keeper;
        if (keeper == null || untilNanos <= nowNanos) {
            return;
        }
        long until = ticker.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(untilNanos - nowNanos);
        keeper.publish(new SharedFlag(SharedFlag.Kind.BREAKER, label(k) + '/' + model, until, "breaker open",
                keeper.instanceId()));
    }

    /** An administrator disabled or enabled a key here (the admin thread). */
    static void adminChanged(KeyState k, boolean disabled, String reason, Ticker ticker) {
        StateKeeper keeper = k.keeper;
        k.adminChangedAt = ticker.nanoTime();
        if (keeper == null || keeper.onStateThread()) {
            return;
        }
        if (disabled) {
            keeper.publish(new SharedFlag(SharedFlag.Kind.DISABLED, label(k), Long.MAX_VALUE, reason,
                    keeper.instanceId()));
        } else {
            keeper.unpublish(SharedFlag.Kind.DISABLED, label(k));
        }
    }

    @Override
    public void changed(RuntimeStore store) {
        List<SharedFlag> flags = store.flags();
        long now = ticker.nanoTime();
        long nowMs = ticker.currentTimeMillis();
        Set<String> disabled = new HashSet<>();
        for (SharedFlag f : flags) {
            switch (f.kind()) {
                case DISABLED -> disabled.add(f.id());
                case COOLDOWN -> {
                    KeyState k = keys.get(f.id());
                    if (k != null && !keeper.instanceId().equals(f.origin())) {
                        k.health.coolDownShared(now + TimeUnit.MILLISECONDS.toNanos(f.untilMillis() - nowMs), now,
                                "another instance: " + f.reason());
                    }
                }
                case BREAKER -> {
                    int slash = f.id().indexOf('/', f.id().indexOf('/') + 1);
                    KeyState k = slash < 0 ? null : keys.get(f.id().substring(0, slash));
                    DeploymentState d = k == null ? null : k.deployments.get(f.id().substring(slash + 1));
                    if (d != null && !keeper.instanceId().equals(f.origin())) {
                        d.breaker.openUntil(now + TimeUnit.MILLISECONDS.toNanos(f.untilMillis() - nowMs), now);
                    }
                }
            }
        }
        for (KeyState k : keys.values()) {
            if (k.adminChangedAt != 0 && now - k.adminChangedAt < ADMIN_GRACE_NANOS) {
                continue;
            }
            boolean want = disabled.contains(label(k));
            if (want && !k.disabledByAdmin) {
                k.disabledByAdmin = true;
                k.health.disable("disabled by an administrator (another instance)");
            } else if (!want && k.disabledByAdmin) {
                k.disabledByAdmin = false;
                k.health.enable(now, 0);
            }
        }
    }

    @Override
    public void sync(RuntimeStore store) {
        long now = ticker.nanoTime();
        long nowMs = ticker.currentTimeMillis();
        for (KeyState k : keys.values()) {
            QuotaReading r = reading(k.quota, now, nowMs);
            String label = label(k);
            if (r != null && !sameReading(r, lastShared.get(label))) {
                store.putQuota(label, r);
                lastShared.put(label, r);
            }
        }
        for (Map.Entry<String, QuotaReading> e : store.quotas().entrySet()) {
            KeyState k = keys.get(e.getKey());
            QuotaReading r = e.getValue();
            QuotaReading mine = lastShared.get(e.getKey());
            if (k == null || sameReading(r, mine) || mine != null && mine.atMillis() >= r.atMillis()) {
                continue;
            }
            k.quota.update(r.limitRequests(), r.remainingRequests(), toNanos(r.resetRequestsAtMillis(), now, nowMs),
                    r.limitTokens(), r.remainingTokens(), toNanos(r.resetTokensAtMillis(), now, nowMs));
            lastShared.put(e.getKey(), reading(k.quota, now, nowMs));
        }
        lastShared.keySet().retainAll(keys.keySet());
    }

    @Override
    public void reconcile(RuntimeStore store) {
        lastShared.clear();
    }

    /** The key's quota as the provider last said it, in epoch ms; null when it never said. */
    private static QuotaReading reading(ProviderQuota q, long now, long nowMs) {
        if (q.remainingRequests() < 0 && q.remainingTokens() < 0) {
            return null;
        }
        return new QuotaReading(q.limitRequests(), q.remainingRequests(), toMillis(q.resetRequestsAt(), now, nowMs),
                q.limitTokens(), q.remainingTokens(), toMillis(q.resetTokensAt(), now, nowMs), nowMs);
    }

    private static boolean sameReading(QuotaReading a, QuotaReading b) {
        return b != null && a.limitRequests() == b.limitRequests() && a.remainingRequests() == b.remainingRequests()
                && a.limitTokens() == b.limitTokens() && a.remainingTokens() == b.remainingTokens();
    }

    private static long toMillis(long atNanos, long now, long nowMs) {
        return atNanos <= 0 ? -1 : nowMs + TimeUnit.NANOSECONDS.toMillis(atNanos - now);
    }

    private static long toNanos(long atMillis, long now, long nowMs) {
        return atMillis <= 0 ? -1 : now + TimeUnit.MILLISECONDS.toNanos(atMillis - nowMs);
    }
}
