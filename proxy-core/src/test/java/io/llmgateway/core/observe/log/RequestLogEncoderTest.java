package io.llmgateway.core.observe.log;

import static io.llmgateway.core.observe.log.LogFixtures.noContent;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.cache.CacheStatus;
import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.proxy.LoggedContent;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestLogEncoderTest {

    /** 2026-12-06T06:52:20.123Z */
    private static final long ARRIVAL = 1796539940123L;

    /**
     * Overhead: 2 ms before the first attempt, 1 ms in each attempt before it was sent, 2 ms after the
     * last; the 503's wait, the 2 ms backoff gap and the second upstream's 387 ms are not the gateway's.
     */
    @Test
    void aRetriedStreamIsOneLineWithEveryField() {
        RequestLogEntry e = new RequestLogEncoder(noContent()).encode(LogFixtures.retried(null), ARRIVAL);

        assertThat(e.json()).isEqualTo("{\"timestamp\":\"2026-12-06T06:52:20.123Z\",\"request_id\":\"req-7\","
                + "\"req_id\":\"req-7\",\"client_key_id\":\"app-1\",\"alias\":\"gpt-4o\",\"model\":\"gpt-4o-2024-08-06\","
                + "\"provider\":\"b\",\"key_id\":\"k2\",\"upstream_model\":\"gpt-4o-2024-08-06\",\"stream\":true,"
                + "\"status\":200,\"error_code\":null,\"error\":\"\",\"attempts\":2,\"attempt_list\":["
                + "{\"provider\":\"a\",\"key_id\":\"k1\",\"status\":503,\"error\":\"server_error\",\"latency_ms\":8.0},"
                + "{\"provider\":\"b\",\"key_id\":\"k2\",\"status\":200,\"error\":null,\"latency_ms\":388.0}],"
                + "\"latency_ms\":402.0,\"ttft_ms\":101.0,\"overhead_us\":5000,"
                + "\"tokens\":{\"prompt\":1000,\"completion\":200,\"cached\":400,\"total\":1200,\"estimated\":false},"
                + "\"cost_usd\":0.0045,\"client_aborted\":false,\"bytes_in\":321,\"bytes_out\":4567}");
        assertThat(e.json()).doesNotContain("\n");
        assertThat(e.utf8()).isEqualTo(e.json().getBytes(StandardCharsets.UTF_8));
        assertThat(e.provider()).isEqualTo("b");
        assertThat(e.keyId()).isEqualTo("k2");
        assertThat(e.clientKeyId()).isEqualTo("app-1");
        assertThat(e.status()).isEqualTo(200);
    }

    @Test
    void whatTheResponseCacheDidIsMarkedOnlyWhenItApplied() {
        ExchangeOutcome o = LogFixtures.retried(null);
        for (CacheStatus status : CacheStatus.values()) {
            ExchangeOutcome marked = new ExchangeOutcome(o.requestId(), o.clientKeyId(), o.alias(), o.deployment(),
                    o.stream(), o.status(), o.errorCode(), o.attempts(), o.receivedNanos(), o.firstUpstreamByteNanos(),
                    o.firstClientByteNanos(), o.endNanos(), o.usage(), o.usageEstimated(), o.bytesIn(), o.bytesOut(),
                    o.clientAborted(), o.endpoint(), o.traceIdHigh(), o.traceIdLow(), o.spanId(), o.parentSpanId(),
                    o.content(), o.teamId(), status);
            assertThat(new RequestLogEncoder(noContent()).encode(marked, ARRIVAL).json())
                    .contains("\"client_aborted\":false,\"cache\":\"" + status.label() + "\",\"bytes_in\":321");
        }
        assertThat(new RequestLogEncoder(noContent()).encode(o, ARRIVAL).json()).doesNotContain("\"cache\"");
    }

    @Test
    void textBeyondAsciiIsUtf8InTheBytesTheFileGetsAndTheSameInTheText() throws Exception {
        LoggedContent content = new LoggedContent("{\"q\":\"café ✓ 😀\"}".getBytes(StandardCharsets.UTF_8), false,
                "{}".getBytes(StandardCharsets.UTF_8), false);
        LoggingConfig.Content on = new LoggingConfig.Content(true, 16384, Set.of());

        RequestLogEntry e = new RequestLogEncoder(on).encode(LogFixtures.body(LogFixtures.retried(content)), ARRIVAL);

        assertThat(new String(e.utf8(), StandardCharsets.UTF_8)).isEqualTo(e.json());
        assertThat(field(e.utf8(), "request")).isEqualTo("{\"q\":\"café ✓ 😀\"}");
    }

    /** The string value of top-level field {@code name} of the JSON object {@code json}. */
    private static String field(byte[] json, String name) throws java.io.IOException {
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
            p.nextToken();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String n = p.currentName();
                p.nextToken();
                if (n.equals(name)) {
                    return p.getText();
                }
                p.skipChildren();
            }
        }
        throw new AssertionError("no field " + name);
    }

    @Test
    void timestampsAreUtcWithMillisecondsAcrossSecondsAndBeforeTheEpoch() {
        RequestLogEncoder e = new RequestLogEncoder(noContent());
        long t = java.time.Instant.parse("2026-12-06T06:52:20Z").toEpochMilli();
        assertThat(e.timestamp(t + 5)).isEqualTo("2026-12-06T06:52:20.005Z");
        assertThat(e.timestamp(t + 999)).isEqualTo("2026-12-06T06:52:20.999Z");
        assertThat(e.timestamp(t + 1_000)).isEqualTo("2026-12-06T06:52:21.000Z");
        assertThat(e.timestamp(t + 42)).as("an earlier second again").isEqualTo("2026-12-06T06:52:20.042Z");
        assertThat(e.timestamp(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
    }

    @Test
    void aRefusalHasNoDeploymentNoTokensAndItsCode() {
        RequestLogEntry e = new RequestLogEncoder(noContent()).encode(LogFixtures.refused("r1", null), ARRIVAL);

        assertThat(e.json()).isEqualTo("{\"timestamp\":\"2026-12-06T06:52:20.123Z\",\"request_id\":\"r1\","
                + "\"req_id\":\"r1\",\"client_key_id\":null,\"alias\":\"gpt-4o\",\"model\":\"gpt-4o\","
                + "\"provider\":null,\"key_id\":null,\"upstream_model\":null,\"stream\":false,\"status\":429,"
                + "\"error_code\":\"rate_limited\",\"error\":\"rate_limited\",\"attempts\":0,\"attempt_list\":[],"
                + "\"latency_ms\":1.0,\"ttft_ms\":null,\"overhead_us\":null,\"tokens\":null,\"cost_usd\":0.0,"
                + "\"client_aborted\":false,\"bytes_in\":55,\"bytes_out\":120}");
    }

    @Test
    void aRelayedProviderErrorWithoutACodeTellsHowItsAttemptFailed() {
        String json = new RequestLogEncoder(noContent()).encode(LogFixtures.relayedBadRequest(), ARRIVAL).json();

        assertThat(json).contains("\"status\":400,\"error_code\":null,\"error\":\"client_error\",\"attempts\":1,"
                + "\"attempt_list\":[{\"provider\":\"a\",\"key_id\":\"k1\",\"status\":400,\"error\":\"client_error\","
                + "\"latency_ms\":4.0}]");
    }

    @Test
    void contentIsAddedOnlyWhenTheOutcomeCarriesItMaskedAndEscaped() {
        LoggedContent content = new LoggedContent(
                "{\"messages\":[{\"content\":\"mail bob@example.com\"}]}".getBytes(StandardCharsets.UTF_8), true,
                "{\"answer\":\"call +1 415 555 0100\"}".getBytes(StandardCharsets.UTF_8), false);
        LoggingConfig.Content masked = new LoggingConfig.Content(true, 16384,
                Set.of(LoggingConfig.Mask.EMAIL, LoggingConfig.Mask.PHONE));

        String json = new RequestLogEncoder(masked).encode(LogFixtures.body(LogFixtures.retried(content)), ARRIVAL).json();

        assertThat(json).endsWith(",\"bytes_out\":4567,"
                + "\"request\":\"{\\\"messages\\\":[{\\\"content\\\":\\\"mail [email]\\\"}]}\",\"request_truncated\":true,"
                + "\"response\":\"{\\\"answer\\\":\\\"call [phone]\\\"}\",\"response_truncated\":false}");
    }

    @Test
    void aStreamsResponseIsTheTextOfItsDeltasCappedAndMasked() {
        String sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Mail \"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a@b.io \\\"now\\\"\"}}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1}}\n\n"
                + "data: [DONE]\n\n";
        LoggedContent content = new LoggedContent("{}".getBytes(StandardCharsets.UTF_8), false,
                sse.getBytes(StandardCharsets.UTF_8), false);

        String masked = new RequestLogEncoder(new LoggingConfig.Content(true, 16384, Set.of(LoggingConfig.Mask.EMAIL)))
                .encode(LogFixtures.retried(content), ARRIVAL).json();
        String capped = new RequestLogEncoder(new LoggingConfig.Content(true, 7, Set.of()))
                .encode(LogFixtures.retried(content), ARRIVAL).json();

        assertThat(masked).endsWith(",\"response\":\"Mail [email] \\\"now\\\"\",\"response_truncated\":false}");
        assertThat(capped).endsWith(",\"response\":\"Mail a@\",\"response_truncated\":true}");
    }

    @Test
    void aStreamCutByTheCaptureLimitKeepsTheTextOfItsWholeEvents() {
        assertThat(StreamText.of(("data: {\"choices\":[{\"delta\":{\"content\":\"one \"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"tw").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("one ");
        assertThat(StreamText.of("data: {\"choices\":[{\"text\":\"legacy\"}]}\n\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("legacy");
    }

    @Test
    void noSecretInAnyLine() {
        RequestLogEncoder encoder = new RequestLogEncoder(noContent());

        assertThat(encoder.encode(LogFixtures.retried(null), ARRIVAL).json()).doesNotContain("SECRET");
        assertThat(encoder.encode(LogFixtures.refused("r", "app"), ARRIVAL).json()).doesNotContain("SECRET");
    }
}
