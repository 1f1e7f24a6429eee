package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StartupWorkTest {

    @Test
    void onOneCpuWorkWaitsForTheListener() throws InterruptedException {
        StartupWork work = new StartupWork(true);
        CountDownLatch ran = new CountDownLatch(2);
        work.execute(ran::countDown);
        work.execute(ran::countDown);
        assertThat(ran.await(200, TimeUnit.MILLISECONDS)).as("nothing runs before release").isFalse();
        assertThat(ran.getCount()).isEqualTo(2);
        work.release();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch later = new CountDownLatch(1);
        work.execute(later::countDown);
        assertThat(later.await(10, TimeUnit.SECONDS)).as("after release, work starts at once").isTrue();
        work.release(); // idempotent
    }

    @Test
    void onSeveralCpusWorkStartsAtOnce() throws InterruptedException {
        StartupWork work = new StartupWork(false);
        CountDownLatch ran = new CountDownLatch(1);
        work.execute(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
