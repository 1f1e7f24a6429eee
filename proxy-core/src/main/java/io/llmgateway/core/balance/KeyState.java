package io.llmgateway.core.balance;

import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.limits.ConcurrentEwma;
import io.llmgateway.core.limits.ConcurrentKeyHealth;
import io.llmgateway.core.limits.ConcurrentKeyLimits;
import io.llmgateway.core.limits.ProviderQuota;
import io.llmgateway.core.state.SharedWindow;
import io.llmgateway.core.state.StateKeeper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Everything the gateway knows about one provider key, kept across config reloads by
 * {@link KeyStateRegistry}: its limits and usage, health, what the provider last said about its
 * quota, its error rate, the requests waiting for one of its slots, and the state of each
 * deployment (model) on it.
 *
 * <p>Shared by every event loop; every field is thread-safe (see the {@code limits} package).
 * {@link #limits} and {@link #config} are replaced on reload; a lease keeps the limits it reserved on.
 */
final class KeyState {

    final String providerId;
    final String keyId;
    final ConcurrentKeyHealth health = new ConcurrentKeyHealth();
    final ProviderQuota quota = new ProviderQuota();
    final ConcurrentEwma errorRate = new ConcurrentEwma(0.1);
    final ConcurrentLinkedQueue<PendingLease.Entry> waiters = new ConcurrentLinkedQueue<>();
    final Map<String, DeploymentState> deployments = new ConcurrentHashMap<>();
    volatile ConcurrentKeyLimits limits;
    volatile KeyConfig config;
    /**
     * Set by an administrator's {@link KeyStateRegistry#disable}, cleared by its {@code enable}: such a
     * key stays disabled across reloads, unlike one disabled after repeated 401/403.
     */
    volatile boolean disabledByAdmin;
    /** When an administrator last enabled or disabled the key here (ticker nanos; 0: never). */
    volatile long adminChangedAt;
    /**
     * This instance's share of the key's cluster-wide RPM/TPM window when limits are shared
     * ({@code storage.runtime.type: redis}); null when they are not, or the key is unlimited.
     */
    volatile SharedWindow shared;
    /** The state keeper when state is shared; null otherwise. */
    volatile StateKeeper keeper;

    KeyState(String providerId, KeyConfig config, long nowNanos) {
        this.providerId = providerId;
        this.keyId = config.id();
        this.config = config;
        this.limits = new ConcurrentKeyLimits(config.limitReqPerMin(), config.limitTokensPerMin(),
                config.maxConcurrent(), null, nowNanos);
    }

    /** Adopts a reloaded config: limits are rebuilt (keeping usage) only when they changed. */
    void reconfigure(KeyConfig next, long nowNanos) {
        ConcurrentKeyLimits l = limits;
        if (!l.sameLimits(next.limitReqPerMin(), next.limitTokensPerMin(), next.maxConcurrent())) {
            limits = new ConcurrentKeyLimits(next.limitReqPerMin(), next.limitTokensPerMin(), next.maxConcurrent(),
                    l, nowNanos);
        }
        config = next;
    }
}
