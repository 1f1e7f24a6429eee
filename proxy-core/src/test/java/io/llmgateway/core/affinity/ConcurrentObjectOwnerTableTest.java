package io.llmgateway.core.affinity;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.limits.ManualTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentObjectOwnerTableTest {

    private static final ObjectOwner A = new ObjectOwner("openai", "org-a");
    private static final ObjectOwner B = new ObjectOwner("openai", "org-b");

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void answersWhatItLearntAtOnce() {
        ConcurrentObjectOwnerTable table = new ConcurrentObjectOwnerTable(10, 1000, ticker);
        table.learn("resp_1", A);
        table.learn("file-2", B);
        assertThat(table.get("resp_1")).isEqualTo(A);
        assertThat(table.get("file-2")).isEqualTo(B);
        assertThat(table.get("unknown")).isNull();
        List<ObjectOwner> found = new ArrayList<>();
        table.lookup("resp_1", r -> {
            throw new AssertionError("the embedded table answers on the caller's thread");
        }, found::add);
        assertThat(found).containsExactly(A);
    }

    @Test
    void forgetsAnOwnerOnceItsTimeToLiveIsOver() {
        ConcurrentObjectOwnerTable table = new ConcurrentObjectOwnerTable(10, 1000, ticker);
        table.learn("resp_1", A);
        ticker.advance(999, TimeUnit.MILLISECONDS);
        assertThat(table.get("resp_1")).isEqualTo(A);
        ticker.advance(1, TimeUnit.MILLISECONDS);
        assertThat(table.get("resp_1")).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void learningDropsTheExpiredOnes() {
        ConcurrentObjectOwnerTable table = new ConcurrentObjectOwnerTable(10, 1000, ticker);
        table.learn("old-1", A);
        table.learn("old-2", A);
        ticker.advance(1, TimeUnit.SECONDS);
        table.learn("new", B);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.get("new")).isEqualTo(B);
    }

    @Test
    void keepsAtMostItsCountDroppingTheOldestLearnt() {
        ConcurrentObjectOwnerTable table = new ConcurrentObjectOwnerTable(3, 60_000, ticker);
        for (int i = 1; i <= 5; i++) {
            table.learn("resp_" + i, i % 2 == 0 ? A : B);
        }
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.get("resp_1")).isNull();
        assertThat(table.get("resp_2")).isNull();
        assertThat(table.get("resp_3")).isEqualTo(B);
        assertThat(table.get("resp_5")).isEqualTo(B);
    }

    @Test
    void anIdLearntAgainOutlivesItsOlderSlot() {
        ConcurrentObjectOwnerTable table = new ConcurrentObjectOwnerTable(2, 60_000, ticker);
        table.learn("resp_1", A);
        table.learn("resp_1", A);
        table.learn("resp_2", B);
        // the older slot of resp_1 went first, the newer one is still there
        assertThat(table.get("resp_1")).isEqualTo(A);
        assertThat(table.get("resp_2")).isEqualTo(B);
    }

    @Test
    void anOwnerIsWrittenAsItsLabelAndReadBack() {
        assertThat(ObjectOwner.parse(A.label())).isEqualTo(A);
        assertThat(ObjectOwner.parse("no-slash")).isNull();
        assertThat(ObjectOwner.parse("/k")).isNull();
        assertThat(ObjectOwner.parse("p/")).isNull();
        assertThat(ObjectOwner.parse(null)).isNull();
    }
}
