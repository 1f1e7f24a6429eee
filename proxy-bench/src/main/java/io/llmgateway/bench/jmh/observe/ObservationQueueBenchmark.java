package io.llmgateway.bench.jmh.observe;

import io.llmgateway.core.observe.ObservationQueue;
import io.llmgateway.core.observe.OutcomeConsumer;
import io.llmgateway.core.proxy.ExchangeOutcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What observability costs an event loop per request: {@link ObservationQueue#accept}, one offer
 * of a prebuilt outcome onto the MPSC queue while the observer thread drains it into a consumer
 * that does nothing (so the producer, not the consumer, is measured). When the producer outruns
 * the observer, offers fail and are counted as drops: that path is as cheap, and is what an event
 * loop pays then. {@link #acceptPaced} spaces the offers with some CPU work, so that the observer
 * keeps up and every offer succeeds (as under a real load, where a request costs microseconds):
 * its time minus {@link #pacing}'s is the cost of a successful offer. The share of drops is
 * printed at the end of each run. Target (issue 11): under 100 ns and 0 B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ObservationQueueBenchmark {

    private ObservationQueue queue;
    private ExchangeOutcome outcome;

    @Setup
    public void setUp() {
        OutcomeConsumer nothing = o -> {
        };
        queue = new ObservationQueue(65_536, List.of(nothing)).start();
        outcome = ObserveFixtures.mix()[0];
    }

    @TearDown
    public void tearDown() {
        queue.close();
        // Which path was measured: the share of offers that found the queue full.
        System.out.printf("%nobservation queue: %d outcomes consumed, %d dropped (%.1f %%)%n", queue.consumed(),
                queue.dropped(), 100.0 * queue.dropped() / Math.max(1, queue.consumed() + queue.dropped()));
    }

    private static final int PACING_TOKENS = 100;

    @Benchmark
    public void accept() {
        queue.accept(outcome);
    }

    @Benchmark
    public void acceptPaced() {
        Blackhole.consumeCPU(PACING_TOKENS);
        queue.accept(outcome);
    }

    @Benchmark
    public void pacing() {
        Blackhole.consumeCPU(PACING_TOKENS);
    }
}
