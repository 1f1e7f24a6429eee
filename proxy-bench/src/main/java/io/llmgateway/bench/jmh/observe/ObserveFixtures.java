package io.llmgateway.bench.jmh.observe;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.routing.Deployment;
import java.util.List;
import java.util.Map;

/** A config of two providers and outcomes on it as the exchanges produce them, for the observability benchmarks. */
final class ObserveFixtures {

    static final GatewayConfig CONFIG;

    static {
        try {
            CONFIG = new ConfigLoader(Map.<String, String>of()::get).parse("""
                    providers:
                      - id: openai
                        type: openai
                        base_url: "http://h/v1"
                        price_per_million: {prompt: 2.5, completion: 10}
                        keys:
                          - {id: k1, secret: "sk-bench-one", limit_req_per_min: 1000}
                          - {id: k2, secret: "sk-bench-two"}
                      - id: anthropic
                        type: anthropic
                        base_url: "http://a/v1"
                        keys: [{id: a1, secret: "sk-bench-three"}]
                    model_aliases:
                      gpt-4o:
                        targets: [openai:gpt-4o]
                        fallbacks: [claude]
                      claude: anthropic:claude-sonnet-4
                    """, "bench");
        } catch (ConfigException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ObserveFixtures() {
    }

    /** A mix: answers on both keys, a stream, a retry onto the fallback, an unknown model. */
    static ExchangeOutcome[] mix() {
        Deployment k1 = deployment("openai", 0, "gpt-4o");
        Deployment k2 = deployment("openai", 1, "gpt-4o");
        Deployment a1 = deployment("anthropic", 0, "claude-sonnet-4");
        long r = 1_000_000_000L;
        return new ExchangeOutcome[] {
            outcome("gpt-4o", k1, false, 200, null, List.of(attempt(k1, 200, ErrorKind.NONE, r, 50_000_000)), r,
                    new Usage(1200, 300, 1500, 1024, 0)),
            outcome("gpt-4o", k2, true, 200, null, List.of(attempt(k2, 200, ErrorKind.NONE, r, 80_000_000)), r,
                    new Usage(800, 450, 1250, 0, 0)),
            outcome("gpt-4o", a1, false, 200, null, List.of(attempt(k1, 500, ErrorKind.SERVER_ERROR, r, 10_000_000),
                    attempt(a1, 200, ErrorKind.NONE, r + 20_000_000, 40_000_000)), r, new Usage(900, 100, 1000, 0, 0)),
            outcome("claude", a1, false, 429, "rate_limit_error", List.of(attempt(a1, 429, ErrorKind.RATE_LIMITED, r,
                    5_000_000)), r, null),
            outcome("gpt-9", null, false, 404, "model_not_found", List.of(), r, null),
        };
    }

    private static Deployment deployment(String provider, int key, String model) {
        ProviderConfig p = CONFIG.provider(provider);
        return new Deployment(p, p.keys().get(key), model, null);
    }

    private static AttemptOutcome attempt(Deployment d, int status, ErrorKind error, long start, long upstreamNanos) {
        return new AttemptOutcome(d, status, error, start + 100_000, start + 200_000, start + 200_000 + upstreamNanos,
                start + 300_000 + upstreamNanos);
    }

    private static ExchangeOutcome outcome(String alias, Deployment last, boolean stream, int status, String code,
            List<AttemptOutcome> attempts, long received, Usage usage) {
        long head = attempts.isEmpty() ? received + 200_000 : attempts.get(attempts.size() - 1).firstByteNanos()
                + 400_000;
        return new ExchangeOutcome("req-bench", null, alias, last, stream, status, code, attempts, received, head,
                head, head + 1_000_000, usage, false, 512, 2048, false);
    }
}
