package io.llmgateway.core.reload;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the configuration's URL again every {@code storage.config.poll_interval_ms}
 * ({@link ConfigControl#reloadIfChanged}: a 304 or the same document changes nothing; a failure
 * is logged once). One daemon thread; the interval runs from the end of one read to the next.
 */
public final class ConfigPoller implements AutoCloseable {

    private final ScheduledExecutorService scheduler;

    private ConfigPoller(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    public static ConfigPoller start(long intervalMs, Runnable poll) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("intervalMs: " + intervalMs + " (expected: > 0)");
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "config-poll");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(poll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        return new ConfigPoller(s);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
