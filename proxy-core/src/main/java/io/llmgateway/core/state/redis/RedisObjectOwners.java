package io.llmgateway.core.state.redis;

import static io.netty.util.internal.ObjectUtil.checkPositive;
import static java.util.Objects.requireNonNull;

import io.llmgateway.core.affinity.ConcurrentObjectOwnerTable;
import io.llmgateway.core.affinity.ObjectOwner;
import io.llmgateway.core.affinity.ObjectOwners;
import io.llmgateway.core.state.StoreUnavailableException;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
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
 * The owners of stored objects shared by every instance through Redis
 * ({@code storage.runtime.type: redis}): one string per object, {@code <key_prefix>owner:<id>}
 * holding {@code provider/key}, written with {@code SET ... PX ttl}; with a local
 * {@link ConcurrentObjectOwnerTable} in front.
 *
 * <p>Consistency: an id is learnt into the local table at once and written to Redis right after,
 * off the loop; another instance finds it from then on (milliseconds after the create answer
 * went through). A lookup asks the local table first, and Redis only for an id it does not hold —
 * off the loop, its answer back on the caller's loop and kept locally. An owner never changes, so a
 * local copy cannot go stale; it only outlives the Redis entry by at most the time to live. When
 * Redis is down or slow, or the queue of commands is full, a lookup finds nothing (the request goes
 * to the operation's default provider, as an unknown id does) and a write is dropped: counted in
 * {@link #failures()}, logged at debug. Thread-safe.
 */
public final class RedisObjectOwners implements ObjectOwners, AutoCloseable {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(RedisObjectOwners.class);

    private final RedisClient redis;
    private final RedisKeys keys;
    private final ConcurrentObjectOwnerTable local;
    private final long ttlMs;
    private final ThreadPoolExecutor workers;
    private final LongAdder failures = new LongAdder();
    private final Runnable onClose;

    /**
     * @param local   the local copy (its count bound and time to live apply here too)
     * @param ttlMs   how long Redis keeps an owner
     * @param threads commands in flight at once
     * @param queue   commands waiting at most; beyond, a lookup finds nothing and a write is dropped
     * @param onClose run by {@link #close} (closing a connection made for this store alone)
     */
    public RedisObjectOwners(RedisRuntimeStore store, ConcurrentObjectOwnerTable local, long ttlMs, int threads,
            int queue, Runnable onClose) {
        requireNonNull(store, "store");
        this.local = requireNonNull(local, "local");
        this.ttlMs = checkPositive(ttlMs, "ttlMs");
        checkPositive(threads, "threads");
        checkPositive(queue, "queue");
        this.onClose = requireNonNull(onClose, "onClose");
        this.redis = store.client();
        this.keys = store.keys();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "llm-owners-redis-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
    }

    @Override
    public void lookup(String id, Executor loop, Consumer<ObjectOwner> found) {
        ObjectOwner known = local.get(id);
        if (known != null) {
            found.accept(known);
            return;
        }
        String name = keys.objectOwner(id);
        try {
            workers.execute(() -> {
                ObjectOwner owner = null;
                try {
                    owner = ObjectOwner.parse(redis.call("owner get", j -> j.get(name)));
                } catch (StoreUnavailableException e) {
                    failed(e);
                }
                if (owner != null) {
                    local.learn(id, owner);
                }
                ObjectOwner result = owner;
                loop.execute(() -> found.accept(result));
            });
        } catch (RejectedExecutionException e) {
            failures.increment();
            found.accept(null);
        }
    }

    @Override
    public void learn(String id, ObjectOwner owner) {
        local.learn(id, owner);
        String name = keys.objectOwner(id);
        String value = owner.label();
        try {
            workers.execute(() -> {
                try {
                    redis.call("owner set", j -> j.set(name, value, SetParams.setParams().px(ttlMs)));
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
        LOG.debug("object owners: {}", e.getMessage());
    }

    /** Lookups and writes that did not reach Redis (down, slow, or the queue full). */
    public long failures() {
        return failures.sum();
    }

    /** Stops the threads (commands under way finish, waiting ones are dropped), then runs {@code onClose}. */
    @Override
    public void close() {
        workers.shutdownNow();
        onClose.run();
    }
}
