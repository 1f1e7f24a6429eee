package io.llmgateway.core.state.redis;

import static io.netty.util.internal.ObjectUtil.checkPositive;
import static java.util.Objects.requireNonNull;

import io.llmgateway.core.cache.CacheKey;
import io.llmgateway.core.cache.ResponseStore;
import io.llmgateway.core.state.StoreUnavailableException;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(RedisResponseStore.class);

    private final RedisClient redis;
    private final RedisKeys keys;
    private final ThreadPoolExecutor workers;
    private final LongAdder failures = new LongAdder();
    private final Runnable onClose;

    /**
     * @param threads commands in flight at once (each holds one of the pool's connections)
     * @param queue   commands waiting at most; beyond, a lookup misses and a store is dropped
     * @param onClose run by {@link #close} once the threads are told to stop (closing a connection
     *                made for this store alone); the runtime store is not closed otherwise
     */
    public RedisResponseStore(RedisRuntimeStore store, int threads, int queue, Runnable onClose) {
        requireNonNull(store, "store");
        checkPositive(threads, "threads");
        checkPositive(queue, "queue");
        this.onClose = requireNonNull(onClose, "onClose");
        this.redis = store.client();
        this.keys = store.keys();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "llm-cache-redis-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
    }

    @Override
    public void get(CacheKey key, Executor loop, Consumer<byte[]> found) {
        byte[] name = name(key);
        try {
            workers.execute(() -> {
                byte[] answer = null;
                try {
                    answer = redis.call("cache get", j -> j.get(name));
                } catch (StoreUnavailableException e) {
                    failed(e);
                }
                byte[] result = answer;
                loop.execute(() -> found.accept(result));
            });
        } catch (RejectedExecutionException e) {
            failures.increment();
            found.accept(null);
        }
    }

    @Override
    public void put(CacheKey key, byte[] answer, long ttlMs) {
        checkPositive(ttlMs, "ttlMs");
        byte[] name = name(key);
        try {
            workers.execute(() -> {
                try {
                    redis.call("cache set", j -> j.set(name, answer, SetParams.setParams().px(ttlMs)));
                } catch (StoreUnavailableException e) {
                    failed(e);
                }
            });
        } catch (RejectedExecutionException e) {
            failures.increment();
        }
    }

    private void failed(StoreUnavailableException e) {
        failures.increment();
        LOG.debug("response cache: {}", e.getMessage());
    }

    private byte[] name(CacheKey key) {
        return keys.cachedAnswer(key.hex()).getBytes(StandardCharsets.UTF_8);
    }

    /** Lookups and stores that did not reach Redis (down, slow, or the queue full). */
    public long failures() {
        return failures.sum();
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
        workers.shutdownNow();
        onClose.run();
    }
}
