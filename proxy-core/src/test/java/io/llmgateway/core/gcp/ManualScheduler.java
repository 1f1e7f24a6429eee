package io.llmgateway.core.gcp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link RefreshScheduler} and clock driven by the test's hand: nothing runs until
 * {@link #runReady()} or {@link #advance}, which move time and run what is due, in order.
 */
public final class ManualScheduler implements RefreshScheduler {

    private record Task(long dueMillis, long seq, Runnable task) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long nowMillis;
    private long seq;

    public ManualScheduler(long startMillis) {
        this.nowMillis = startMillis;
    }

    public long now() {
        return nowMillis;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(new Task(nowMillis, seq++, task));
    }

    @Override
    public Runnable schedule(Runnable task, long delayMillis) {
        Task t = new Task(nowMillis + delayMillis, seq++, task);
        tasks.add(t);
        return () -> tasks.remove(t);
    }

    /** Runs every task due now, including those they submit for now. */
    public void runReady() {
        advance(0);
    }

    /** Moves the clock {@code millis} forward, running each task when its time comes. */
    public void advance(long millis) {
        long until = nowMillis + millis;
        while (true) {
            Task next = tasks.stream().filter(t -> t.dueMillis <= until)
                    .min(Comparator.comparingLong(Task::dueMillis).thenComparingLong(Task::seq)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            nowMillis = Math.max(nowMillis, next.dueMillis);
            next.task.run();
        }
        nowMillis = until;
    }

    /** Milliseconds until the next timed task; -1 when none is pending. */
    public long nextDelay() {
        return tasks.stream().mapToLong(t -> t.dueMillis - nowMillis).min().orElse(-1);
    }
}
