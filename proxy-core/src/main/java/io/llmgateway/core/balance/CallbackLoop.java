package io.llmgateway.core.balance;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where a pending lease completes: the event loop of the request that waits. A Netty
 * {@code EventLoop} is one through {@link #of(ScheduledExecutorService)}.
 */
public interface CallbackLoop extends Executor {

    /** Runs {@code task} on this loop after {@code delayMillis}; running the returned handle cancels it. */
    Runnable schedule(Runnable task, long delayMillis);

    /** A loop over a scheduled executor (a Netty {@code EventLoop} is one). */
    static CallbackLoop of(ScheduledExecutorService executor) {
        return new CallbackLoop() {
            @Override
            public void execute(Runnable command) {
                executor.execute(command);
            }

            @Override
            public Runnable schedule(Runnable task, long delayMillis) {
                ScheduledFuture<?> f = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }
        };
    }
}
