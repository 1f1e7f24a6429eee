package io.llmgateway.core.balance;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.limits.ManualTicker;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.RoutingTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Configs, balancers and a hand-cranked event loop for balancer tests. */
final class Fixtures {

    private Fixtures() {
    }

    static GatewayConfig config(String yaml) {
        try {
            return new ConfigLoader(Map.<String, String>of()::get).parse(yaml, "test");
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** A provider "p" with {@code keys} (YAML list items, indented for "keys:"), alias "m" → p:model. */
    static String oneProvider(String keys, String policy) {
        return """
                providers:
                  - id: p
                    type: openai
                    base_url: "http://h/v1"
                    keys:
                %s
                model_aliases:
                  m: p:model
                policy:
                %s
                """.formatted(keys.indent(6).stripTrailing(), policy.indent(2).stripTrailing());
    }

    static SplittableRandom seeded() {
        return new SplittableRandom(42);
    }

    static RequestInfo request(long promptTokens, long maxTokens) {
        return new RequestInfo(promptTokens, maxTokens, false, List.of());
    }

    /** A balancer, its routes and its clock. */
    static final class Setup {
        final GatewayConfig config;
        final RoutingTable routing;
        final ManualTicker ticker;
        final KeyStateRegistry registry;
        final Balancer balancer;

        Setup(String yaml) {
            this(yaml, new ManualTicker(), null);
        }

        Setup(String yaml, ManualTicker ticker, KeyStateRegistry registry) {
            this.config = config(yaml);
            this.routing = new RoutingTable(config);
            this.ticker = ticker;
            this.registry = registry != null ? registry : new KeyStateRegistry(ticker);
            SplittableRandom r = seeded();
            this.balancer = new Balancer(config, routing, this.registry, r::nextDouble);
        }

        Route route(String name) {
            return routing.resolve(name);
        }

        /** The same registry and clock, a new config: a reload. */
        Setup reload(String yaml) {
            return new Setup(yaml, ticker, registry);
        }

        KeyStateView key(String provider, String key) {
            return registry.snapshot().stream()
                    .filter(v -> v.providerId().equals(provider) && v.keyId().equals(key))
                    .findFirst().orElseThrow();
        }
    }

    /** An event loop run by the test: tasks and timers wait until {@link #runAll} / {@link #advance}. */
    static final class ManualLoop implements CallbackLoop {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        final List<long[]> timerTimes = new ArrayList<>();
        final List<Runnable> timers = new ArrayList<>();
        long nowMs;

        @Override
        public synchronized void execute(Runnable command) {
            tasks.add(command);
        }

        @Override
        public synchronized Runnable schedule(Runnable task, long delayMillis) {
            long[] at = {nowMs + delayMillis};
            timerTimes.add(at);
            timers.add(task);
            return () -> at[0] = Long.MAX_VALUE;
        }

        void runAll() {
            Runnable r;
            while ((r = poll()) != null) {
                r.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }

        void advance(long ms) {
            nowMs += ms;
            List<Integer> due = new ArrayList<>();
            for (int i = 0; i < timers.size(); i++) {
                if (timerTimes.get(i)[0] <= nowMs) {
                    due.add(i);
                }
            }
            due.sort(Comparator.comparingLong(i -> timerTimes.get(i)[0]));
            for (int i : due) {
                timerTimes.get(i)[0] = Long.MAX_VALUE;
                timers.get(i).run();
            }
            runAll();
        }
    }
}
