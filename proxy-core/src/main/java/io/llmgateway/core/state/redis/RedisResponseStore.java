package io.llmgateway.core.state.redis;

import static io.netty.util.internal.ObjectUtil.checkPositive;
import static java.util.Objects.requireNonNull;

import io.llmgateway.core.cache.CacheKey;
import io.llmgateway.core.cache.ResponseStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import redis.clients.jedis.params.SetParams;

/**
 * The response cache's answers in Redis ({@code storage.runtime.type: redis}), shared by every
 * instance: one string per answer, {@code <key_prefix>cache:<sha-256 hex>}, whose value is the
 * answer's bytes as the client got them, written with {@code SET ... PX ttl} (Redis expires it;
 * its {@code maxmemory} policy bounds the memory, not {@code cache.max_bytes}). Through the
 * connection of a {@link RedisRuntimeStore}.
 *
 * <p>Never on the event loop: {@link #get} and {@link #put} hand the command to a small pool of
 * its own threads (Jedis blocks), and a lookup's answer goes back to the caller's loop. When the
 * pool's queue is full, or Redis is down or slow (beyond {@code storage.runtime.timeout_ms}), a
 * lookup is a miss and a store is dropped: the cache never fails a request. Thread-safe.
 */
public final class RedisResponseStore implements ResponseStore, AutoCloseable {

    private final RedisKeys keys;
    private final RedisWorkers workers;
    private final Runnable onClose;

    /**
     * @param threads commands in flight at once (each holds one of the pool's connections)
     * @param queue   commands waiting at most; beyond, a lookup misses and a store is dropped
     * @param onClose run by {@link #close} once the threads are told to stop (closing a connection
     *                made for this store alone); the runtime store is not closed otherwise
     */
    public RedisResponseStore(RedisRuntimeStore store, int threads, int queue, Runnable onClose) {
        requireNonNull(store, "store");
        this.onClose = requireNonNull(onClose, "onClose");
        this.keys = store.keys();
        this.workers = new RedisWorkers(store.client(), "cache", threads, queue);
    }

    @Override
    public void get(CacheKey key, Executor loop, Consumer<byte[]> found) {
        byte[] name = name(key);
        workers.read("cache get", j -> j.get(name), loop, found);
    }

    @Override
    public void put(CacheKey key, byte[] answer, long ttlMs) {
        checkPositive(ttlMs, "ttlMs");
        byte[] name = name(key);
        workers.write("cache set", j -> j.set(name, answer, SetParams.setParams().px(ttlMs)));
    }

    private byte[] name(CacheKey key) {
        return keys.cachedAnswer(key.hex()).getBytes(StandardCharsets.UTF_8);
    }

    /** Lookups and stores that did not reach Redis (down, slow, or the queue full). */
    public long failures() {
        return workers.failures();
    }

    @Override
    public long bytes() {
        return -1;
    }

    @Override
    public long entries() {
        return -1;
    }

    @Override
    public long evictions() {
        return 0;
    }

    /** Stops the threads (commands under way finish, waiting ones are dropped), then runs {@code onClose}. */
    @Override
    public void close() {
        workers.close();
        onClose.run();
    }
}
