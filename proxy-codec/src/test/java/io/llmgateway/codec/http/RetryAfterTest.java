package io.llmgateway.codec.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final long NOW = 1_800_000_000_000L;

    private static long millis(Map<String, String> headers) {
        return RetryAfter.millis(headers::get, NOW);
    }

    @Test
    void secondsWholeAndFractional() {
        assertThat(millis(Map.of("retry-after", "2"))).isEqualTo(2000);
        assertThat(millis(Map.of("retry-after", " 1.5 "))).isEqualTo(1500);
        assertThat(millis(Map.of("retry-after", "0.0004"))).isEqualTo(1);
        assertThat(millis(Map.of("retry-after", "0"))).isZero();
    }

    @Test
    void millisecondsHeaderWins() {
        assertThat(millis(Map.of("retry-after-ms", "250", "retry-after", "9"))).isEqualTo(250);
        assertThat(millis(Map.of("retry-after-ms", "12.2"))).isEqualTo(13);
        assertThat(millis(Map.of("retry-after-ms", "soon", "retry-after", "3"))).isEqualTo(3000);
    }

    @Test
    void httpDate() {
        String in30s = ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(NOW + 30_000), ZoneOffset.UTC)
                .format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(millis(Map.of("retry-after", in30s))).isEqualTo(30_000);
        assertThat(millis(Map.of("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"))).isZero();
    }

    @Test
    void unusableValues() {
        assertThat(millis(Map.of())).isEqualTo(-1);
        for (String bad : new String[] {"", " ", "-3", "1e3", "1..2", ".", "soon", "Someday", "99999999999999999999"}) {
            assertThat(millis(Map.of("retry-after", bad))).as(bad).isEqualTo(-1);
        }
    }

    @Test
    void googleDurations() {
        assertThat(RetryAfter.durationMillis("26s")).isEqualTo(26_000);
        assertThat(RetryAfter.durationMillis("1.5s")).isEqualTo(1500);
        assertThat(RetryAfter.durationMillis("26")).isEqualTo(-1);
        assertThat(RetryAfter.durationMillis(null)).isEqualTo(-1);
    }

    @Test
    void headerSecondsRoundUp() {
        assertThat(RetryAfter.toHeaderSeconds(0)).isZero();
        assertThat(RetryAfter.toHeaderSeconds(1)).isEqualTo(1);
        assertThat(RetryAfter.toHeaderSeconds(1000)).isEqualTo(1);
        assertThat(RetryAfter.toHeaderSeconds(1001)).isEqualTo(2);
    }
}
