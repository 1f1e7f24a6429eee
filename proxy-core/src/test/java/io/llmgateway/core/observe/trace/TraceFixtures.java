package io.llmgateway.core.observe.trace;

import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.routing.Deployment;
import java.util.List;

/** Outcomes with known ids and times for the trace tests. */
final class TraceFixtures {

    static final long TRACE_HI = 0x4bf92f3577b34da6L;
    static final long TRACE_LO = 0xa3ce929d0e0e4736L;
    static final long CLIENT_SPAN = 0x00f067aa0ba902b7L;
    static final long REQUEST_SPAN = 0x1111111111111111L;
    static final long ATTEMPT_1 = 0x2222222222222222L;
    static final long ATTEMPT_2 = 0x3333333333333333L;

    static final Deployment OPENAI = deployment("a", "openai", "a-1", "gpt-4o-mini", "api.openai.com");
    static final Deployment ANTHROPIC = deployment("b", "anthropic", "b-1", "claude-sonnet", "api.anthropic.com");

    private TraceFixtures() {
    }

    static Deployment deployment(String provider, String type, String keyId, String model, String host) {
        KeyConfig key = new KeyConfig(keyId, "sk-secret-" + keyId, 0, 0, 0, 1.0, true);
        ProviderConfig p = new ProviderConfig(provider, provider, "https://" + host + "/v1",
                ProviderSettings.of(provider, type, true, host, 443, "/v1"), List.of(key), List.of());
        return new Deployment(p, key, model, null);
    }

    /**
     * A chat request for {@code gpt-4o} received at nanoTime 1,000, the client's span its parent:
     * a 429 on {@code a} (1,100 to 1,300), then a 200 on {@code b} (1,400 to 5,000), answered 200 at 5,100.
     */
    static ExchangeOutcome retried() {
        AttemptOutcome a1 = new AttemptOutcome(OPENAI, 429, ErrorKind.RATE_LIMITED, 1_100, 1_150, 1_250, 1_300,
                ATTEMPT_1);
        AttemptOutcome a2 = new AttemptOutcome(ANTHROPIC, 200, ErrorKind.NONE, 1_400, 1_450, 2_000, 5_000, ATTEMPT_2);
        return new ExchangeOutcome("req-7", "team-a", "gpt-4o", ANTHROPIC, true, 200, null, List.of(a1, a2), 1_000,
                2_000, 2_010, 5_100, new Usage(12, 34, 46, 5, 0), false, 100, 200, false, Endpoint.CHAT_COMPLETIONS,
                TRACE_HI, TRACE_LO, REQUEST_SPAN, CLIENT_SPAN, null);
    }
}
