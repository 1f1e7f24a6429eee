package io.llmgateway.bench.jmh.balance;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.Balancer;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.balance.Lease;
import io.llmgateway.core.balance.RequestInfo;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.RoutingTable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One balancing decision: pick a deployment of a route over {@code keys} keys, reserve it under
 * RPM, TPM and max_concurrent, release it with a usage to settle. Every key has real limits (an
 * exact 10 000 RPM ring, a TPM window, a concurrency ceiling); the clock moves 5 ms per read so
 * the windows roll and the keys stay under their limits (steady state, never the refusal path).
 * Run with {@code -prof gc}: the target is zero bytes per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BalancerBenchmark {

    @Param({"1", "10", "100"})
    public int keys;

    @Param({"round-robin", "simple-shuffle", "least-busy", "hybrid"})
    public String strategy;

    private Balancer balancer;
    private Route route;
    private final RequestInfo info = new RequestInfo(100, 100, false, List.of());
    private final Result result = Result.success(200, Usage.of(100, 40), null);
    private final Set<Deployment> none = Set.of();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StringBuilder yaml = new StringBuilder("providers:\n  - id: p\n    type: openai\n    base_url: \"http://h/v1\"\n    keys:\n");
        for (int i = 0; i < keys; i++) {
            yaml.append("      - {id: k").append(i).append(", secret: s, limit_req_per_min: 10000, ")
                    .append("limit_tokens_per_min: 100000000, max_concurrent: 100}\n");
        }
        yaml.append("model_aliases:\n  m: p:model\npolicy:\n  strategy: ").append(strategy).append('\n');
        GatewayConfig config = new ConfigLoader(name -> null).parse(yaml.toString(), "bench");
        RoutingTable routing = new RoutingTable(config);
        balancer = new Balancer(config, routing, new KeyStateRegistry(new SteppingTicker()));
        route = routing.resolve("m");
        for (int i = 0; i < 10_000; i++) { // check the steady state is the acquired path
            Lease l = balancer.acquire(route, info, none);
            if (l.outcome() != Lease.Outcome.ACQUIRED) {
                throw new IllegalStateException("benchmark setup refused: " + l);
            }
            l.release(result);
        }
    }

    @Benchmark
    public Lease.Outcome acquireAndRelease() {
        Lease l = balancer.acquire(route, info, none);
        Lease.Outcome o = l.outcome();
        l.release(result);
        return o;
    }

    /** A clock that advances 5 ms per read: ~6 000 decisions per simulated minute, under every key's limits. */
    static final class SteppingTicker implements Ticker {
        private long nanos = TimeUnit.HOURS.toNanos(1);

        @Override
        public long nanoTime() {
            return nanos += 5_000_000;
        }

        @Override
        public long currentTimeMillis() {
            return nanos / 1_000_000;
        }
    }
}
