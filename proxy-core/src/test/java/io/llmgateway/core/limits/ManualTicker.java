package io.llmgateway.core.limits;

import java.util.concurrent.TimeUnit;

/** A clock that moves only when a test says so. */
public final class ManualTicker implements Ticker {

    private volatile long nanos;
    private volatile long wallMillis;

    public ManualTicker(long startNanos, long wallMillis) {
        this.nanos = startNanos;
        this.wallMillis = wallMillis;
    }

    public ManualTicker() {
        this(TimeUnit.HOURS.toNanos(1), 1_700_000_000_000L);
    }

    public ManualTicker advance(long amount, TimeUnit unit) {
        long n = unit.toNanos(amount);
        nanos += n;
        wallMillis += TimeUnit.NANOSECONDS.toMillis(n);
        return this;
    }

    public ManualTicker advanceMillis(long millis) {
        return advance(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long currentTimeMillis() {
        return wallMillis;
    }
}
