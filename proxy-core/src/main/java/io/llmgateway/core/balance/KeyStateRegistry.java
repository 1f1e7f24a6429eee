package io.llmgateway.core.balance;

import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.PolicyConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.limits.ConcurrentKeyHealth;
import io.llmgateway.core.limits.ConcurrentKeyLimits;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.state.SharedWindow;
import io.llmgateway.core.state.StateKeeper;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state of every provider key that must survive a config reload — usage in the current
 * minute, requests in flight, health, cooldowns, breakers, latencies — keyed by provider id and
 * key id. One per process; each {@link Balancer} (one per config snapshot) reconciles it with its
 * config when it is built.
 *
 * <p>Thread-safe. Reads ({@link #snapshot()}) and admin actions may come from any thread; the
 * per-key state itself is lock-free. Reconciling is serialised on this object (it runs once per
 * reload, never on a request path).
 *
 * <p>Every change of a key's health is logged with the provider, the key's id (never its secret)
 * and the reason: cooling down and disabled at {@code warn}, recovered and enabled at
 * {@code info}, probing at {@code debug}. The line is written by the thread that made the change,
 * often an event loop; the console handler's write is synchronous, which is acceptable because
 * changes are rare (a few per key per cooldown, never one per request).
 */
public final class KeyStateRegistry {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(KeyStateRegistry.class);

    private final Ticker ticker;
    private final Map<String, KeyState> keys = new ConcurrentHashMap<>();
    private final LongAdder cooldowns = new LongAdder();
    private long generation;
    private volatile long rampNanos;
    /** Null while limits are this instance's own (the embedded runtime store). */
    private volatile StateKeeper keeper;

    /** A registry on the system clocks. */
    public KeyStateRegistry() {
        this(Ticker.system());
    }

    public KeyStateRegistry(Ticker ticker) {
        this.ticker = java.util.Objects.requireNonNull(ticker, "ticker");
    }

    public Ticker ticker() {
        return ticker;
    }

    /**
     * Shares the keys' RPM/TPM windows, cooldowns, admin disables, breakers and quota readings with
     * the other instances through {@code keeper}. Called once, before the first config is reconciled.
     */
    public synchronized void share(StateKeeper keeper) {
        this.keeper = keeper;
        keeper.participate(new KeySharing(keys, keeper, ticker));
    }

    /** The state keeper when limits are shared; null with the embedded store. */
    public StateKeeper keeper() {
        return keeper;
    }

    /** The scope of a provider key's window in the runtime store. */
    static String scope(String providerId, String keyId) {
        return "key:" + providerId + '/' + keyId;
    }

    private void shareWindow(KeyState k) {
        StateKeeper sk = keeper;
        if (sk == null) {
            return;
        }
        k.keeper = sk;
        SharedWindow w = sk.window(scope(k.providerId, k.keyId), k.config.limitReqPerMin(),
                k.config.limitTokensPerMin());
        if (w != null && w != k.shared) {
            w.onRefill(() -> {
                for (int i = 0; i < 64 && !k.waiters.isEmpty() && w.hasCredit(); i++) {
                    PendingLease.wake(k);
                }
            });
        }
        k.shared = w;
    }

    /**
     * Aligns the registry with {@code config}: new keys get a state, removed keys lose theirs,
     * changed limits are rebuilt keeping the current usage, and keys disabled after repeated
     * 401/403 are enabled again (a reload is the operator's answer to a bad key). A key an
     * administrator disabled stays disabled: a reload must not undo a deliberate action.
     *
     * @return the round number to pass to {@link #deployment} and {@link #prune}
     */
    synchronized long reconcile(GatewayConfig config) {
        long now = ticker.nanoTime();
        long rampNanos = TimeUnit.MILLISECONDS.toNanos(config.policy().rampMs());
        Set<String> live = new HashSet<>();
        for (ProviderConfig p : config.providers()) {
            for (KeyConfig k : p.keys()) {
                String id = label(p.id(), k.id());
                live.add(id);
                KeyState s = keys.get(id);
                if (s == null) {
                    KeyState created = new KeyState(p.id(), k, now);
                    String providerId = p.id();
                    String keyId = k.id();
                    created.health.watch((from, to, reason, cooldownNanos) ->
                            logChange(providerId, keyId, to, reason, cooldownNanos));
                    keys.put(id, created);
                    shareWindow(created);
                } else {
                    s.reconfigure(k, now);
                    shareWindow(s);
                    if (!s.disabledByAdmin) {
                        s.health.reenableIfDisabled(now, rampNanos);
                    }
                }
            }
        }
        StateKeeper sk = keeper;
        for (KeyState gone : keys.values()) {
            if (sk != null && !live.contains(label(gone.providerId, gone.keyId))) {
                sk.forget(scope(gone.providerId, gone.keyId));
            }
        }
        keys.keySet().retainAll(live);
        this.rampNanos = rampNanos;
        return ++generation;
    }

    /** The state of a key, or null when the last reconcile did not know it. */
    KeyState key(String providerId, String keyId) {
        return keys.get(label(providerId, keyId));
    }

    /** The state of {@code model} on {@code key}, created or reconfigured, stamped with {@code round}. */
    synchronized DeploymentState deployment(KeyState key, String model, PolicyConfig.Breaker breaker, long round) {
        DeploymentState d = key.deployments.computeIfAbsent(model, m -> new DeploymentState(m, breaker));
        d.configure(breaker);
        d.generation = round;
        return d;
    }

    /** Drops the deployments no route of round {@code round} uses. */
    synchronized void prune(long round) {
        for (KeyState k : keys.values()) {
            k.deployments.values().removeIf(d -> d.generation != round);
        }
    }

    /**
     * Enables a key (disabled after 401/403 or by {@link #disable}, or cooling down); its share
     * ramps up over {@code policy.ramp_ms} of the last reconciled config. False when unknown.
     */
    public boolean enable(String providerId, String keyId) {
        KeyState k = key(providerId, keyId);
        if (k == null) {
            return false;
        }
        k.disabledByAdmin = false;
        k.health.enable(ticker.nanoTime(), rampNanos);
        KeySharing.adminChanged(k, false, "", ticker);
        return true;
    }

    /**
     * Takes a key out of rotation until {@link #enable}, across reloads as long as the key's id
     * survives them; false when unknown.
     */
    public boolean disable(String providerId, String keyId, String reason) {
        KeyState k = key(providerId, keyId);
        if (k == null) {
            return false;
        }
        k.disabledByAdmin = true;
        String why = reason == null || reason.isBlank() ? "disabled by an administrator" : reason;
        k.health.disable(why);
        KeySharing.adminChanged(k, true, why, ticker);
        return true;
    }

    /** An immutable view of every key, in no particular order. Not for a request path (it allocates). */
    public List<KeyStateView> snapshot() {
        long now = ticker.nanoTime();
        List<KeyStateView> out = new ArrayList<>(keys.size());
        for (KeyState k : keys.values()) {
            out.add(view(k, now));
        }
        out.sort((a, b) -> (a.providerId() + '/' + a.keyId()).compareTo(b.providerId() + '/' + b.keyId()));
        return List.copyOf(out);
    }

    private static KeyStateView view(KeyState k, long now) {
        ConcurrentKeyLimits l = k.limits;
        ConcurrentKeyHealth h = k.health;
        List<KeyStateView.DeploymentView> deps = new ArrayList<>();
        double latencySum = 0;
        int latencyN = 0;
        double ttftSum = 0;
        int ttftN = 0;
        for (DeploymentState d : k.deployments.values()) {
            double lat = d.latency.value(Double.NaN);
            double ttft = d.ttft.value(Double.NaN);
            if (!Double.isNaN(lat)) {
                latencySum += lat;
                latencyN++;
            }
            if (!Double.isNaN(ttft)) {
                ttftSum += ttft;
                ttftN++;
            }
            deps.add(new KeyStateView.DeploymentView(d.model, d.breaker.phase().name(),
                    millis(d.breaker.blockedUntil(now), now), d.breaker.failureRate(now), nanosToMs(lat),
                    nanosToMs(ttft)));
        }
        deps.sort((a, b) -> a.model().compareTo(b.model()));
        return new KeyStateView(k.providerId, k.keyId, k.config.enabled(), h.phase().name(), h.reason(),
                millis(h.coolingUntil(), now), h.phase() == ConcurrentKeyHealth.Phase.HEALTHY ? h.rampFactor(now) : 0, l.rpmLimit(), l.requestsUsed(now),
                l.tpmLimit(), l.tokensUsed(now), l.maxConcurrent(), l.inFlight(), k.waiters.size(),
                k.errorRate.value(0), latencyN == 0 ? -1 : nanosToMs(latencySum / latencyN),
                ttftN == 0 ? -1 : nanosToMs(ttftSum / ttftN), k.quota.remainingRequests(), k.quota.remainingTokens(),
                deps);
    }

    /** How many times a key began to cool down, since start (every key, removed ones included). */
    public long cooldowns() {
        return cooldowns.sum();
    }

    private void logChange(String providerId, String keyId, ConcurrentKeyHealth.Phase to, String reason,
            long cooldownNanos) {
        if (to == ConcurrentKeyHealth.Phase.COOLING_DOWN) {
            cooldowns.increment();
            KeyState k = keys.get(label(providerId, keyId));
            if (k != null) {
                KeySharing.cooledDown(k, cooldownNanos, reason, ticker);
            }
        }
        switch (to) {
            case COOLING_DOWN -> LOG.warn("key '{}' of provider '{}' cools down for {} ms: {}", keyId, providerId,
                    TimeUnit.NANOSECONDS.toMillis(cooldownNanos), reason);
            case DISABLED -> {
                KeyState k = keys.get(label(providerId, keyId));
                if (k != null && k.disabledByAdmin) {
                    LOG.warn("key '{}' of provider '{}' is disabled until an admin enables it (reloads keep it "
                            + "disabled): {}", keyId, providerId, reason);
                } else {
                    LOG.warn("key '{}' of provider '{}' is disabled until a config reload or an admin "
                            + "enables it: {}", keyId, providerId, reason);
                }
            }
            case HALF_OPEN -> LOG.debug("key '{}' of provider '{}' cooled down: one probe request decides", keyId,
                    providerId);
            case HEALTHY -> {
                long rampMs = TimeUnit.NANOSECONDS.toMillis(rampNanos);
                if (rampMs > 0) {
                    LOG.info("key '{}' of provider '{}' is back in rotation ({}), its share ramping up over {} ms",
                            keyId, providerId, reason, rampMs);
                } else {
                    LOG.info("key '{}' of provider '{}' is back in rotation ({})", keyId, providerId, reason);
                }
            }
        }
    }

    private static long millis(long untilNanos, long now) {
        return untilNanos <= now ? 0 : TimeUnit.NANOSECONDS.toMillis(untilNanos - now + 999_999);
    }

    private static double nanosToMs(double nanos) {
        return Double.isNaN(nanos) ? -1 : nanos / 1e6;
    }

    private static String label(String providerId, String keyId) {
        return providerId + '/' + keyId;
    }
}
