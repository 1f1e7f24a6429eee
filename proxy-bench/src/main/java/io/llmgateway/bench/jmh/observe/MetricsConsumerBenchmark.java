package io.llmgateway.bench.jmh.observe;

import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.observe.metrics.MetricsConsumer;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The observer's side: outcomes per second through {@link MetricsConsumer#accept} (every counter,
 * Prometheus histogram and HdrHistogram an outcome moves), over a mix of answers, a stream, a
 * retry onto a fallback, a provider error and an unknown model; and one rendering of the whole
 * exposition (what the observer does about once a second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsConsumerBenchmark {

    private MetricsConsumer metrics;
    private ExchangeOutcome[] mix;
    private int next;

    @Setup
    public void setUp() {
        metrics = MetricsConsumer.create(ObserveFixtures.CONFIG, new KeyStateRegistry(), PooledByteBufAllocator.DEFAULT);
        mix = ObserveFixtures.mix();
        for (ExchangeOutcome o : mix) {
            metrics.accept(o); // every series of the mix exists before the first rendering
        }
    }

    @Benchmark
    public void accept() {
        metrics.accept(mix[next]);
        next = next + 1 == mix.length ? 0 : next + 1;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int render() {
        return metrics.render(System.nanoTime()).prometheusText().length;
    }
}
