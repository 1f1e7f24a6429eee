package io.llmgateway.bench.jmh.observe;

import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.config.Pricing;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.observe.log.RequestLog;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.routing.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * What the request log costs the observer thread per outcome (never an event loop): one entry
 * encoded as JSON and kept in the in-memory ring — the default configuration, no file, no
 * webhook (their I/O runs on threads of their own). One operation is one successful streamed
 * exchange with one attempt and a usage report.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestLogBenchmark {

    private RequestLog log;
    private ExchangeOutcome outcome;

    @Setup
    public void setUp() {
        LoggingConfig config = new LoggingConfig(new LoggingConfig.FileSink(false, "./logs/llm.log", 100, 5),
                new LoggingConfig.Prometheus(true, "/metrics"), List.of(),
                new LoggingConfig.Content(false, 16384, Set.of()), 1000, LoggingConfig.Otlp.OFF);
        log = new RequestLog(config);
        KeyConfig key = new KeyConfig("oa-1", "sk-bench", 0, 0, 0, 1.0, true);
        ProviderConfig provider = new ProviderConfig("openai", "openai", "http://h/v1",
                ProviderSettings.of("openai", "openai", false, "h", 80, "/v1"), List.of(key), List.of(),
                new Pricing(new Pricing.Price(2.5, 10), Map.of()));
        Deployment d = new Deployment(provider, key, "gpt-4o-2024-08-06", null);
        long t = System.nanoTime() - 1_000_000_000L;
        outcome = new ExchangeOutcome("3f2a9c4e-5b1d-4e7a-9c2b-8d1e6f0a4b3c", "api_keys[0]", "gpt-4o", d, true, 200,
                null, List.of(new AttemptOutcome(d, 200, ErrorKind.NONE, t + 20_000, t + 60_000, t + 300_000_000L,
                        t + 900_000_000L)),
                t, t + 300_000_000L, t + 300_050_000L, t + 900_100_000L, new Usage(812, 240, 1052, 512, 0), false, 1530,
                9120, false);
    }

    @TearDown
    public void tearDown() {
        log.close();
    }

    @Benchmark
    public void encodeAndKeep() {
        log.accept(outcome);
    }
}
