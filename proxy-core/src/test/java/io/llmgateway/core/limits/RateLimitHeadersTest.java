package io.llmgateway.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.HeaderLookup;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitHeadersTest {

    @ParameterizedTest
    @CsvSource({
        "6m0s, 360000000000",
        "12ms, 12000000",
        "1s, 1000000000",
        "1.5s, 1500000000",
        "1h2m3.5s, 3723500000000",
        "0s, 0",
        "0, 0",
        "250us, 250000",
        "250µs, 250000",
        "7ns, 7",
        "20, 20000000000",
        "' 9ms ', 9000000",
    })
    void goDurations(String text, long nanos) {
        assertThat(RateLimitHeaders.parseGoDuration(text)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "1x", "1s2", "-1s", "1..2s", "s1"})
    void malformedGoDurations(String text) {
        assertThat(RateLimitHeaders.parseGoDuration(text)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-08-21T12:40:59Z", "2025-08-21T12:40:59.123Z", "2024-02-29T23:59:59+02:00",
        "1999-12-31T00:00:00-05:30", "2025-01-01t00:00:00.5z"})
    void rfc3339MatchesJavaTime(String text) {
        assertThat(RateLimitHeaders.parseRfc3339Millis(text))
                .isEqualTo(OffsetDateTime.parse(text.toUpperCase()).toInstant().toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-08-21", "2025-13-21T12:40:59Z", "2025-08-21T12:40:59", "2025-08-21T12:40:59+0200",
        "yesterday at noon please"})
    void malformedRfc3339(String text) {
        assertThat(RateLimitHeaders.parseRfc3339Millis(text)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void openAiHeadersFillTheQuota() {
        Map<String, String> h = Map.of(
                "x-ratelimit-limit-requests", "5000",
                "x-ratelimit-remaining-requests", "4999",
                "x-ratelimit-reset-requests", "12ms",
                "x-ratelimit-limit-tokens", "160000",
                "x-ratelimit-remaining-tokens", "0",
                "x-ratelimit-reset-tokens", "6m0s");
        ProviderQuota q = new ProviderQuota();
        long now = TimeUnit.SECONDS.toNanos(100);
        assertThat(RateLimitHeaders.read(h::get, now, 0, q)).isTrue();
        assertThat(q.remainingRequests()).isEqualTo(4999);
        assertThat(q.resetRequestsAt()).isEqualTo(now + 12_000_000);
        assertThat(q.gate(now)).isEqualTo(ProviderQuota.Gate.BLOCKED);
        assertThat(q.blockedUntil(now)).isEqualTo(now + TimeUnit.MINUTES.toNanos(6));
        assertThat(q.gate(now + TimeUnit.MINUTES.toNanos(6))).isEqualTo(ProviderQuota.Gate.PASS);
    }

    @Test
    void anthropicHeadersFillTheQuotaWithWallClockResets() {
        long wall = OffsetDateTime.parse("2025-08-21T12:40:00Z").toInstant().toEpochMilli();
        Map<String, String> h = Map.of(
                "anthropic-ratelimit-requests-limit", "1000",
                "anthropic-ratelimit-requests-remaining", "40",
                "anthropic-ratelimit-requests-reset", "2025-08-21T12:40:59Z",
                "anthropic-ratelimit-tokens-limit", "96000",
                "anthropic-ratelimit-tokens-remaining", "50000",
                "anthropic-ratelimit-tokens-reset", "2025-08-21T12:40:30Z");
        ProviderQuota q = new ProviderQuota();
        long now = TimeUnit.SECONDS.toNanos(5);
        assertThat(RateLimitHeaders.read(h::get, now, wall, q)).isTrue();
        assertThat(q.resetRequestsAt()).isEqualTo(now + TimeUnit.SECONDS.toNanos(59));
        assertThat(q.resetTokensAt()).isEqualTo(now + TimeUnit.SECONDS.toNanos(30));
        assertThat(q.gate(now)).as("40 of 1000 left is under 5 %").isEqualTo(ProviderQuota.Gate.LOW);
        assertThat(q.gate(now + TimeUnit.SECONDS.toNanos(59))).isEqualTo(ProviderQuota.Gate.PASS);
    }

    @Test
    void noHeadersNoChange() {
        HeaderLookup none = name -> null;
        ProviderQuota q = new ProviderQuota();
        assertThat(RateLimitHeaders.read(none, 0, 0, q)).isFalse();
        assertThat(q.gate(0)).isEqualTo(ProviderQuota.Gate.PASS);
    }
}
