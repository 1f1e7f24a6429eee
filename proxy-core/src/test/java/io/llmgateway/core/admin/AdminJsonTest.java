package io.llmgateway.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Numbers keep their kind through a parse: whole numbers are longs, so {@link AdminBody#optionalLong} accepts them. */
class AdminJsonTest {

    @Test
    void wholeNumbersAreLongsAndOthersDoubles() {
        Map<String, Object> m = AdminJson.parseObject(
                "{\"rpm\":60,\"usd\":1.5,\"huge\":123456789012345678901234567890}".getBytes(StandardCharsets.UTF_8));
        assertThat(m.get("rpm")).isEqualTo(60L);
        assertThat(m.get("usd")).isEqualTo(1.5);
        assertThat(m.get("huge")).isInstanceOf(Double.class);
        assertThat(AdminBody.parse("{\"rpm\":60}".getBytes(StandardCharsets.UTF_8)).optionalLong("rpm", 0, 100))
                .isEqualTo(60L);
    }
}
