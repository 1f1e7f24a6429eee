package io.llmgateway.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentRequestWindowTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void admitsExactlyTheLimitWithinAWindow() {
        ConcurrentRequestWindow w = new ConcurrentRequestWindow(3, MINUTE);
        long t0 = 5 * MINUTE;

        assertThat(w.tryAcquire(t0)).isTrue();
        assertThat(w.tryAcquire(t0 + 10 * MS)).isTrue();
        assertThat(w.tryAcquire(t0 + 20 * MS)).isTrue();
        assertThat(w.tryAcquire(t0 + 30 * MS)).isFalse();
        assertThat(w.used(t0 + 30 * MS)).isEqualTo(3);
    }

    @Test
    void theFirstAdmissionLeavesTheWindowAtExactlySixtySeconds() {
        ConcurrentRequestWindow w = new ConcurrentRequestWindow(2, MINUTE);
        long t0 = 7 * MINUTE;
        assertThat(w.tryAcquire(t0)).isTrue();
        assertThat(w.tryAcquire(t0 + 500 * MS)).isTrue();

        assertThat(w.tryAcquire(t0 + MINUTE - MS)).as("59.999 s later").isFalse();
        assertThat(w.tryAcquire(t0 + MINUTE - 1)).as("one nanosecond early").isFalse();
        assertThat(w.tryAcquire(t0 + MINUTE)).as("60.000 s later").isTrue();
        // The second slot frees at t0 + 60.5 s, not before.
        assertThat(w.tryAcquire(t0 + MINUTE + 499 * MS)).isFalse();
        assertThat(w.tryAcquire(t0 + MINUTE + 500 * MS)).isTrue();
    }

    @Test
    void nextFreeAtIsWhenTheOldestAdmissionLeaves() {
        ConcurrentRequestWindow w = new ConcurrentRequestWindow(2, MINUTE);
        long t0 = MINUTE;
        assertThat(w.nextFreeAt(t0)).isEqualTo(t0);
        w.tryAcquire(t0);
        w.tryAcquire(t0 + 3_000 * MS);
        assertThat(w.nextFreeAt(t0 + 10_000 * MS)).isEqualTo(t0 + MINUTE);
        w.tryAcquire(t0 + MINUTE);
        assertThat(w.nextFreeAt(t0 + MINUTE)).isEqualTo(t0 + 3_000 * MS + MINUTE);
    }

    @Test
    void manyLapsStayExact() {
        ConcurrentRequestWindow w = new ConcurrentRequestWindow(5, MINUTE);
        long t = 0;
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) {
            t += 2_000 * MS; // one every 2 s: 30 a minute offered, 5 allowed
            if (w.tryAcquire(t)) {
                admitted++;
            }
        }
        // 20_000 s of offers, 5 per 60 s window
        assertThat(admitted).isBetween(20_000 / 60 * 5 - 5, 20_000 / 60 * 5 + 5);
    }

    @Test
    void aNewLimitKeepsTheLiveAdmissionsOfTheOldWindow() {
        ConcurrentRequestWindow old = new ConcurrentRequestWindow(10, MINUTE);
        long t0 = MINUTE;
        for (int i = 0; i < 4; i++) {
            assertThat(old.tryAcquire(t0 + i * MS)).isTrue();
        }
        ConcurrentRequestWindow bigger = new ConcurrentRequestWindow(6, MINUTE, old, t0 + 10 * MS);
        assertThat(bigger.tryAcquire(t0 + 10 * MS)).isTrue();
        assertThat(bigger.tryAcquire(t0 + 11 * MS)).isTrue();
        assertThat(bigger.tryAcquire(t0 + 12 * MS)).isFalse();

        ConcurrentRequestWindow smaller = new ConcurrentRequestWindow(3, MINUTE, old, t0 + 10 * MS);
        assertThat(smaller.tryAcquire(t0 + 10 * MS)).isFalse();
        assertThat(smaller.tryAcquire(t0 + MINUTE)).as("the newest three (t0 + 1..3 ms) were kept").isFalse();
        assertThat(smaller.tryAcquire(t0 + MINUTE + MS)).isTrue();
        assertThat(smaller.tryAcquire(t0 + MINUTE + MS)).isFalse();
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> new ConcurrentRequestWindow(0, MINUTE)).hasMessageContaining("limit: 0");
        assertThatThrownBy(() -> new ConcurrentRequestWindow(1, 0)).hasMessageContaining("windowNanos: 0");
    }
}
