package io.llmgateway.core.state;

import java.util.List;
import java.util.Map;

/**
 * Where the state that gateway instances share lives: the windows of every limit, which instances
 * are alive, what an instance or an administrator decided about a key (disabled, cooling down, a
 * tripped breaker), what providers said about their quotas, and spend. {@link MemoryRuntimeStore}
 * is the reference (one process); the Redis store shares it between instances.
 *
 * <p>Every method may block on I/O, bounded by the store's timeout, and throws
 * {@link StoreUnavailableException} when the store cannot answer: call them from the state thread
 * ({@link StateKeeper}) or the admin thread, never from an event loop. Implementations are
 * thread-safe. Times are the store's own clock, so that
 * instances with skewed clocks still share one window.
 *
 * <h2>Windows</h2>
 * A window {@code scope} (e.g. {@code key:openai/k1}, {@code vkey:abc}, {@code team:t}) counts
 * requests and tokens in one-second buckets. {@link #lease} first adds {@code debtTokens} to the
 * current bucket, then grants up to {@code wantRequests} requests and {@code wantTokens} tokens
 * such that the buckets of the last 61 seconds (the current one and the 60 before it) hold at most
 * {@code rpm} requests and {@code tpm} tokens, adds the grant to the current bucket and answers it.
 * Counting 61 buckets makes the window at least 60 s long, so that grants made in any 60 s span
 * never exceed the limit. A limit of 0 means unlimited (everything asked is granted, nothing is
 * counted). Requests and tokens are granted independently.
 */
public interface RuntimeStore extends AutoCloseable {

    /** Grants requests and tokens from the window of {@code scope}; see the class comment. */
    Grant lease(String scope, long rpm, long tpm, long wantRequests, long wantTokens, long debtTokens);

    /**
     * Gives back units granted in the bucket of {@code grantedAtSecond} that were never used; nothing
     * when that bucket has left the window (they no longer count). Never drives a bucket below 0.
     */
    void giveBack(String scope, long requests, long tokens, long grantedAtSecond);

    /**
     * Records that {@code instanceId} is alive for {@code ttlMillis}, forgets instances whose time ran
     * out, and answers how many are alive (this one included, so at least 1).
     */
    int heartbeat(String instanceId, long ttlMillis);

    /** Saves {@code flag}, replacing the flag of the same kind and id; bumps {@link #version}. */
    void putFlag(SharedFlag flag);

    /** Removes the flag of that kind and id, if any; bumps {@link #version}. */
    void removeFlag(SharedFlag.Kind kind, String id);

    /** The flags whose time has not run out (a {@link SharedFlag.Kind#DISABLED} flag never runs out). */
    List<SharedFlag> flags();

    /** Saves the latest quota reading of a provider key ({@code provider/key}); does not bump the version. */
    void putQuota(String keyLabel, QuotaReading reading);

    /** The latest quota reading of every provider key that has one. */
    Map<String, QuotaReading> quotas();

    /** A counter that grows with every change other instances must apply (flags, definitions). */
    long version();

    /** Bumps {@link #version} (after a change saved elsewhere, e.g. virtual-key definitions). */
    long bumpVersion();

    /**
     * Adds {@code usd} spent at {@code atMillis} to the spend of {@code scope} (its UTC day, UTC month
     * and total) and answers the totals after the addition, as every instance sees them.
     */
    SpendTotals addSpend(String scope, double usd, long atMillis);

    /** The spend totals of {@code scope}; zeros when nothing was spent. */
    SpendTotals spend(String scope);

    /**
     * The entries of a named collection ({@code id -> document}, e.g. the virtual keys created through
     * the admin API); empty when none.
     */
    Map<String, String> entries(String collection);

    /** Saves one entry of a collection; bumps {@link #version}. */
    void putEntry(String collection, String id, String document);

    /** Removes one entry of a collection, if there; bumps {@link #version}. */
    void removeEntry(String collection, String id);

    /** Whether the store answers now (a cheap round trip). */
    void ping();

    /** Releases connections; never throws. */
    @Override
    void close();
}
