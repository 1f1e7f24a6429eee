package io.llmgateway.core.reload;

import static java.util.Objects.requireNonNull;

/**
 * Runs an action once a burst of triggers has been quiet for a delay: every {@link #trigger()}
 * cancels the run scheduled by the one before and schedules a new one. An editor's save (write a
 * temporary file, rename it over the old one, change its mode) or a Kubernetes ConfigMap swap
 * (new directory, new link, old directory removed) is several file events; the file is read once,
 * after the last.
 *
 * <p>Thread-safe: triggers may come from any thread; the action runs on the scheduler's thread.
 */
final class Debouncer {

    /** Runs a task after a delay; a single-thread scheduler runs the actions one at a time. */
    @FunctionalInterface
    interface Scheduler {
        Cancellable schedule(Runnable task, long delayMs);
    }

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    private final long delayMs;
    private final Scheduler scheduler;
    private final Runnable action;
    private Cancellable pending;

    Debouncer(long delayMs, Scheduler scheduler, Runnable action) {
        if (delayMs < 0) {
            throw new IllegalArgumentException("delayMs: " + delayMs + " (expected: >= 0)");
        }
        this.delayMs = delayMs;
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.action = requireNonNull(action, "action");
    }

    synchronized void trigger() {
        if (pending != null) {
            pending.cancel();
        }
        pending = scheduler.schedule(this::fire, delayMs);
    }

    private void fire() {
        synchronized (this) {
            pending = null;
        }
        action.run();
    }
}
