package io.llmgateway.core.state.redis;

import static io.netty.util.internal.ObjectUtil.checkPositive;
import static java.util.Objects.requireNonNull;

import io.llmgateway.core.affinity.ConcurrentObjectOwnerTable;
import io.llmgateway.core.affinity.ObjectOwner;
import io.llmgateway.core.affinity.ObjectOwners;
import java.util.concurrent.Executor;
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

    private final RedisKeys keys;
    private final ConcurrentObjectOwnerTable local;
    private final long ttlMs;
    private final RedisWorkers workers;
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
        this.onClose = requireNonNull(onClose, "onClose");
        this.keys = store.keys();
        this.workers = new RedisWorkers(store.client(), "owners", threads, queue);
    }

    @Override
    public void lookup(String id, Executor loop, Consumer<ObjectOwner> found) {
        ObjectOwner known = local.get(id);
        if (known != null) {
            found.accept(known);
            return;
        }
        String name = keys.objectOwner(id);
        workers.read("owner get", j -> ObjectOwner.parse(j.get(name)), loop, owner -> {
            if (owner != null) {
                local.learn(id, owner);
            }
            found.accept(owner);
        });
    }

    @Override
    public void learn(String id, ObjectOwner owner) {
        local.learn(id, owner);
        String name = keys.objectOwner(id);
        String value = owner.label();
        workers.write("owner set", j -> j.set(name, value, SetParams.setParams().px(ttlMs)));
    }

    /** Lookups and writes that did not reach Redis (down, slow, or the queue full). */
    public long failures() {
        return workers.failures();
    }

    /** Stops the threads (commands under way finish, waiting ones are dropped), then runs {@code onClose}. */
    @Override
    public void close() {
        workers.close();
        onClose.run();
    }
}
