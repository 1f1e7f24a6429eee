package io.llmgateway.core.observe.metrics;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.routing.Deployment;
import java.util.List;
import java.util.Map;

/** A config with two providers and a fallback alias, and outcomes built on it with chosen times. */
final class MetricsFixtures {

    /** When the requests of the fixtures arrive ({@code System.nanoTime} scale). */
    static final long R = 1_000_000_000L;
    static final String SECRET_ONE = "sk-metrics-secret-one";
    static final String SECRET_TWO = "sk-metrics-secret-two";
    static final String SECRET_BACKUP = "sk-metrics-secret-backup";

    static final GatewayConfig CONFIG = config("""
            providers:
              - id: openai
                type: openai
                base_url: "http://h/v1"
                price_per_million: {prompt: 2, completion: 10}
                keys:
                  - {id: k1, secret: "%s", limit_req_per_min: 100, limit_tokens_per_min: 10000}
                  - {id: k2, secret: "%s"}
              - id: backup
                type: openai
                base_url: "http://b/v1"
                keys:
                  - {id: b1, secret: "%s"}
            model_aliases:
              gpt-4o:
                targets: [openai:gpt-4o-2024]
                fallbacks: [spare]
              spare: backup:gpt-4o-mini
            """.formatted(SECRET_ONE, SECRET_TWO, SECRET_BACKUP));

    private MetricsFixtures() {
    }

    static GatewayConfig config(String yaml) {
        try {
            return new ConfigLoader(Map.<String, String>of()::get).parse(yaml, "test");
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static Deployment deployment(String provider, String key, String model) {
        ProviderConfig p = CONFIG.provider(provider);
        KeyConfig k = p.keys().stream().filter(c -> c.id().equals(key)).findFirst().orElseThrow();
        return new Deployment(p, k, model, null);
    }

    static long ms(double millis) {
        return Math.round(millis * 1_000_000);
    }

    /** An attempt; times in ms after {@link #R}, 0 for a moment that never came. */
    static AttemptOutcome attempt(Deployment d, int status, ErrorKind error, double start, double sent,
            double firstByte, double end) {
        return new AttemptOutcome(d, status, error, R + ms(start), sent == 0 ? 0 : R + ms(sent),
                firstByte == 0 ? 0 : R + ms(firstByte), R + ms(end));
    }

    /** An exchange; times in ms after {@link #R}, 0 for a moment that never came. */
    static ExchangeOutcome exchange(String alias, boolean stream, int status, String code, List<AttemptOutcome> attempts,
            double firstClientByte, double end, Usage usage) {
        Deployment last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).deployment();
        return new ExchangeOutcome("req", null, alias, last, stream, status, code, attempts, R, 0,
                firstClientByte == 0 ? 0 : R + ms(firstClientByte), R + ms(end), usage, false, 10, 10, false);
    }

    /** A non-stream answer from openai/k1: 50 ms upstream, 1 ms of the gateway's own; 100+20 tokens, 40 cached. */
    static ExchangeOutcome answered() {
        return exchange("gpt-4o", false, 200, null, List.of(attempt(deployment("openai", "k1", "gpt-4o-2024"), 200,
                ErrorKind.NONE, 0.1, 0.2, 50.2, 51)), 51, 51.5, new Usage(100, 20, 120, 40, 0));
    }

    /** A stream from openai/k2: head after 80.5 ms, of which 80 upstream; ends at 500 ms. */
    static ExchangeOutcome streamed() {
        return exchange("gpt-4o", true, 200, null, List.of(attempt(deployment("openai", "k2", "gpt-4o-2024"), 200,
                ErrorKind.NONE, 0.1, 0.3, 80.3, 500)), 80.5, 500, new Usage(10, 5, 15, 0, 0));
    }

    /**
     * A 500 on openai/k1 (10.3 ms upstream), 100 ms of backoff, then the fallback backup/b1 answers
     * (20 ms upstream): 0.9 ms of the gateway's own. No usage.
     */
    static ExchangeOutcome retriedOnFallback() {
        return exchange("gpt-4o", false, 200, null, List.of(
                attempt(deployment("openai", "k1", "gpt-4o-2024"), 500, ErrorKind.SERVER_ERROR, 0.1, 0.2, 10.2, 10.5),
                attempt(deployment("backup", "b1", "gpt-4o-mini"), 200, ErrorKind.NONE, 110.5, 110.7, 130.7, 131)),
                131.2, 131.5, null);
    }

    /** A model the config does not know: 404 model_not_found, no attempt. */
    static ExchangeOutcome unknownModel(String model) {
        return exchange(model, false, 404, "model_not_found", List.of(), 0.2, 0.2, null);
    }
}
