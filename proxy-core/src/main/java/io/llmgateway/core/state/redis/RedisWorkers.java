package io.llmgateway.core.state.redis;

import static io.netty.util.internal.ObjectUtil.checkPositive;

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
import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;

/**
 * A small pool of threads of its own that sends Redis commands for callers on an event loop,
 * which must never block on Jedis: a read's answer goes back to the caller's loop, a write is
 * fire-and-forget. Nothing fails a request: when Redis is down or slow, or the bounded queue is
 * full, a read answers null and a write is dropped, each counted in {@link #failures()} and logged
 * at debug. Used by the stores beside the runtime store (the response cache, the object owners),
 * so that their commands never queue behind the state thread's leases. Thread-safe.
 */
final class RedisWorkers implements AutoCloseable {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(RedisWorkers.class);

    private final RedisClient redis;
    private final String purpose;
    private final ThreadPoolExecutor threads;
    private final LongAdder failures = new LongAdder();

    /**
     * @param purpose what the commands are for, in the threads' names and the debug log ({@code "cache"})
     * @param size    commands in flight at once (each holds one of the pool's connections)
     * @param queue   commands waiting at most
     */
    RedisWorkers(RedisClient redis, String purpose, int size, int queue) {
        this.redis = redis;
        this.purpose = purpose;
        checkPositive(size, "threads");
        checkPositive(queue, "queue");
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "llm-" + purpose + "-redis-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.allowCoreThreadTimeOut(true);
    }

    /** Sends {@code command} (one command) and hands its answer, or null, to {@code done} on {@code loop}. */
    <T> void read(String what, Function<UnifiedJedis, T> command, Executor loop, Consumer<T> done) {
        try {
            threads.execute(() -> {
                T answer = null;
                try {
                    answer = redis.call(what, command);
                } catch (RuntimeException e) {
                    failed(e); // whatever went wrong, the caller is answered: a request never waits for ever
                }
                T result = answer;
                loop.execute(() -> done.accept(result));
            });
        } catch (RejectedExecutionException e) {
            failures.increment();
            done.accept(null);
        }
    }

    /** Sends {@code command} (one command), not waiting for it. */
    void write(String what, Function<UnifiedJedis, ?> command) {
        try {
            threads.execute(() -> {
                try {
                    redis.call(what, command);
                } catch (RuntimeException e) {
                    failed(e);
                }
            });
        } catch (RejectedExecutionException e) {
            failures.increment();
        }
    }

    /** Reads and writes that did not reach Redis (down, slow, or the queue full). */
    long failures() {
        return failures.sum();
    }

    /** Stops the threads: commands under way finish, waiting ones are dropped. */
    @Override
    public void close() {
        threads.shutdownNow();
    }

    private void failed(RuntimeException e) {
        failures.increment();
        if (e instanceof StoreUnavailableException) {
            LOG.debug("{}: {}", purpose, e.getMessage()); // its message names the address, never the password
        } else {
            LOG.warn("{}: a Redis command failed unexpectedly: {}", purpose, e.getClass().getSimpleName());
        }
    }
}
