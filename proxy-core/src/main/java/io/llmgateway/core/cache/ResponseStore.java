package io.llmgateway.core.cache;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where cached answers live: the bytes of an answer as the client got it, found by its
 * {@link CacheKey}, kept for a time to live. Implementations are thread-safe; one serves every
 * event loop of a gateway, across reloads.
 *
 * <p>The embedded store answers at once on the caller's thread. A remote store must never block
 * the event loop: it answers later, through {@code loop}.
 */
public interface ResponseStore {

    /**
     * Looks {@code key} up and gives {@code found} the stored answer, or null when there is none
     * (or it expired, or the store could not be reached). {@code found} runs on the caller's thread
     * when the answer is at hand, else on {@code loop}. The array is never modified: share, do not
     * write.
     */
    void get(CacheKey key, Executor loop, Consumer<byte[]> found);

    /** Stores {@code answer} (kept as is: the caller gives it up) under {@code key} for {@code ttlMs}. */
    void put(CacheKey key, byte[] answer, long ttlMs);

    /** The bytes held (answers and their bookkeeping); -1 when the store does not know. */
    long bytes();

    /** The answers held; -1 when the store does not know. */
    long entries();

    /** Answers dropped to stay within the byte budget. */
    long evictions();
}
