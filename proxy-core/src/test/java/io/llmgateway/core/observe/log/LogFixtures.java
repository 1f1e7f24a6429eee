package io.llmgateway.core.observe.log;

import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.config.Pricing;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.proxy.LoggedContent;
import io.llmgateway.core.routing.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Outcomes with known numbers for the request-log tests. */
final class LogFixtures {

    /** The secret of every key here: must never appear in a log line. */
    static final String SECRET = "sk-SECRET/xyz+789=";
    static final long MS = 1_000_000L;

    private LogFixtures() {
    }

    static Deployment deployment(String provider, String keyId) {
        KeyConfig key = new KeyConfig(keyId, SECRET, 0, 0, 0, 1.0, true);
        ProviderConfig p = new ProviderConfig(provider, provider, "http://h/v1",
                ProviderSettings.of(provider, "openai-compatible", false, "h", 80, "/v1"), List.of(key), List.of(),
                new Pricing(new Pricing.Price(2.5, 10), Map.of()));
        return new Deployment(p, key, "gpt-4o-2024-08-06", null);
    }

    /**
     * Arrived at 1000 ms; a first attempt on {@code a/k1} from 1002 ms, 503 at 1010 ms; a second on
     * {@code b/k2} from 1012 ms, sent at 1013 ms, head at 1100 ms (to the client at 1101 ms), ended at
     * 1400 ms; the exchange ended at 1402 ms.
     */
    static ExchangeOutcome retried(LoggedContent content) {
        List<AttemptOutcome> attempts = List.of(
                new AttemptOutcome(deployment("a", "k1"), 503, ErrorKind.SERVER_ERROR, 1002 * MS, 1003 * MS,
                        1010 * MS, 1010 * MS),
                new AttemptOutcome(deployment("b", "k2"), 200, ErrorKind.NONE, 1012 * MS, 1013 * MS, 1100 * MS,
                        1400 * MS));
        return new ExchangeOutcome("req-7", "app-1", "gpt-4o", attempts.get(1).deployment(), true, 200, null,
                attempts, 1000 * MS, 1100 * MS, 1101 * MS, 1402 * MS, new Usage(1000, 200, 1200, 400, 0), false, 321,
                4567, false, null, 0, 0, 0, 0, content);
    }

    /** {@code o} as the answer to a request that did not ask for a stream. */
    static ExchangeOutcome body(ExchangeOutcome o) {
        return new ExchangeOutcome(o.requestId(), o.clientKeyId(), o.alias(), o.deployment(), false, o.status(),
                o.errorCode(), o.attempts(), o.receivedNanos(), o.firstUpstreamByteNanos(), o.firstClientByteNanos(),
                o.endNanos(), o.usage(), o.usageEstimated(), o.bytesIn(), o.bytesOut(), o.clientAborted(), o.endpoint(),
                o.traceIdHigh(), o.traceIdLow(), o.spanId(), o.parentSpanId(), o.content());
    }

    /** Refused before any attempt: 429 at 1001 ms. */
    static ExchangeOutcome refused(String id, String clientKeyId) {
        return new ExchangeOutcome(id, clientKeyId, "gpt-4o", null, false, 429, "rate_limited", List.of(), 1000 * MS,
                0, 1001 * MS, 1001 * MS, null, false, 55, 120, false);
    }

    /** A provider's 400 relayed as it was: no error code; one attempt on {@code a/k1}. */
    static ExchangeOutcome relayedBadRequest() {
        AttemptOutcome a = new AttemptOutcome(deployment("a", "k1"), 400, ErrorKind.CLIENT_ERROR, 1001 * MS, 1002 * MS,
                1005 * MS, 1005 * MS);
        return new ExchangeOutcome("r400", null, "gpt-4o", a.deployment(), false, 400, null, List.of(a), 1000 * MS,
                1005 * MS, 1006 * MS, 1006 * MS, null, false, 10, 80, false);
    }

    static LoggingConfig.Content noContent() {
        return new LoggingConfig.Content(false, 16384, Set.of());
    }
}
