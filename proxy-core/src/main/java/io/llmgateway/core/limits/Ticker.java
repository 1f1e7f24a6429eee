package io.llmgateway.core.limits;

/**
 * The clocks the limits read: a monotonic one for windows and cooldowns, and the wall clock for
 * the absolute reset times some providers send. Injected so that tests are deterministic.
 *
 * <p>{@link #nanoTime()} is never negative: windows pack timestamps into the upper bits of a long.
 */
public interface Ticker {

    /** Monotonic nanoseconds, never negative; only differences mean something. */
    long nanoTime();

    /** Wall-clock milliseconds since the epoch, for RFC 3339 reset times. */
    long currentTimeMillis();

    /** {@link System#nanoTime()} counted from the first use of this class, and {@link System#currentTimeMillis()}. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }

    /** The system clocks. */
    final class SystemTicker implements Ticker {

        static final SystemTicker INSTANCE = new SystemTicker();
        private static final long ORIGIN = System.nanoTime();

        private SystemTicker() {
        }

        @Override
        public long nanoTime() {
            return System.nanoTime() - ORIGIN;
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }
    }
}
