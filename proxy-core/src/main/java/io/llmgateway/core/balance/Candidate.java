package io.llmgateway.core.balance;

import io.llmgateway.core.config.Pricing;
import io.llmgateway.core.limits.ConcurrentCircuitBreaker;
import io.llmgateway.core.limits.ConcurrentInFlightLimit;
import io.llmgateway.core.limits.ConcurrentKeyHealth;
import io.llmgateway.core.limits.ConcurrentKeyLimits;
import io.llmgateway.core.limits.ProviderQuota;
import io.llmgateway.core.routing.Deployment;
import java.util.List;

/**
 * One deployment a route may use, with what strategies read about it. Built once per config
 * snapshot; the readings are live (lock-free reads of the shared key and deployment state).
 */
public final class Candidate {

    final int index;
    final Deployment deployment;
    final KeyState key;
    final DeploymentState state;
    /** The key's slot in its plan (for bulkhead wait queues). */
    final int keySlot;
    final double weight;
    final String[] tags;
    final Pricing.Price price;
    // The key's and deployment's gates, dereferenced once here: the gate reads them for every candidate.
    final ConcurrentKeyHealth health;
    final ProviderQuota quota;
    final ConcurrentCircuitBreaker breaker;
    /** Its counter is shared by every limits object the key will have: safe to read across reloads. */
    final ConcurrentInFlightLimit inFlight;

    Candidate(int index, Deployment deployment, KeyState key, DeploymentState state, int keySlot, double weight,
            List<String> tags, Pricing.Price price) {
        this.index = index;
        this.deployment = deployment;
        this.key = key;
        this.state = state;
        this.keySlot = keySlot;
        this.weight = weight;
        this.tags = tags.toArray(new String[0]);
        this.price = price;
        this.health = key.health;
        this.quota = key.quota;
        this.breaker = state.breaker;
        this.inFlight = key.limits.inFlightLimit();
    }

    /** The position of this candidate in its route (targets in order, keys in order). */
    public int index() {
        return index;
    }

    public Deployment deployment() {
        return deployment;
    }

    /** Target weight × key weight. */
    public double weight() {
        return weight;
    }

    /** Requests in flight on the key (all its models). */
    public int inFlight() {
        return inFlight.inFlight();
    }

    /** {@code max_concurrent} of the key; 0 = unlimited. */
    public int maxConcurrent() {
        return key.limits.maxConcurrent();
    }

    /** Tokens reserved or used on the key in the last minute. */
    public long tokensUsed(long nowNanos) {
        return key.limits.tokensUsed(nowNanos);
    }

    /** Tokens per minute of the key; 0 = unlimited. */
    public long tokensLimit() {
        return key.limits.tpmLimit();
    }

    /** Requests on the key in the last minute. */
    public long requestsUsed(long nowNanos) {
        return key.limits.requestsUsed(nowNanos);
    }

    /** Requests per minute of the key; 0 = unlimited. */
    public long requestsLimit() {
        return key.limits.rpmLimit();
    }

    /**
     * The key's usage relative to its limits after taking this request: the larger of the token
     * and request shares, in [0, 1]; 0 for a key without limits.
     */
    public double usageRatio(long nowNanos, long tokens) {
        ConcurrentKeyLimits l = key.limits;
        double t = l.tpmLimit() == 0 ? 0 : Math.min(1, (double) (l.tokensUsed(nowNanos) + tokens) / l.tpmLimit());
        double r = l.rpmLimit() == 0 ? 0 : Math.min(1, (double) (l.requestsUsed(nowNanos) + 1) / l.rpmLimit());
        return Math.max(t, r);
    }

    /** Moving average of failures per request on the key, in [0, 1]. */
    public double errorRate() {
        return key.errorRate.value(0);
    }

    /** Latency average in nanoseconds: time to first token for streams, time to answer otherwise; NaN without samples. */
    public double latencyNanos(boolean stream) {
        return state.latencyNanos(stream);
    }

    /** The configured price of this deployment's model, or null when unknown. */
    public Pricing.Price price() {
        return price;
    }

    /** Whether the target carries one of {@code wanted}. */
    public boolean hasAnyTag(List<String> wanted) {
        for (String t : tags) {
            for (int i = 0; i < wanted.size(); i++) {
                if (t.equals(wanted.get(i))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the target carries {@code tag}. */
    public boolean hasTag(String tag) {
        for (String t : tags) {
            if (t.equals(tag)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return deployment.label() + ':' + deployment.upstreamModel();
    }
}
