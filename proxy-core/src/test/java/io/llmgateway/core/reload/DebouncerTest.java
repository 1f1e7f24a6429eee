package io.llmgateway.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DebouncerTest {

    /** A scheduler run by hand: tasks wait until {@link #runDue}. */
    private static final class ManualScheduler implements Debouncer.Scheduler {
        final List<Runnable> scheduled = new ArrayList<>();
        final List<Long> delays = new ArrayList<>();
        int cancelled;

        @Override
        public Debouncer.Cancellable schedule(Runnable task, long delayMs) {
            scheduled.add(task);
            delays.add(delayMs);
            return () -> {
                if (scheduled.remove(task)) {
                    cancelled++;
                }
            };
        }

        void runDue() {
            List<Runnable> due = new ArrayList<>(scheduled);
            scheduled.clear();
            due.forEach(Runnable::run);
        }
    }

    @Test
    void aBurstOfTriggersRunsTheActionOnceAfterTheLast() {
        ManualScheduler scheduler = new ManualScheduler();
        AtomicInteger runs = new AtomicInteger();
        Debouncer d = new Debouncer(250, scheduler, runs::incrementAndGet);

        for (int i = 0; i < 5; i++) {
            d.trigger();
        }

        assertThat(scheduler.scheduled).hasSize(1);
        assertThat(scheduler.cancelled).isEqualTo(4);
        assertThat(scheduler.delays).containsOnly(250L);
        scheduler.runDue();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aTriggerAfterTheActionRanSchedulesItAgain() {
        ManualScheduler scheduler = new ManualScheduler();
        AtomicInteger runs = new AtomicInteger();
        Debouncer d = new Debouncer(10, scheduler, runs::incrementAndGet);

        d.trigger();
        scheduler.runDue();
        d.trigger();
        scheduler.runDue();

        assertThat(runs).hasValue(2);
        assertThat(scheduler.cancelled).isZero();
    }
}
