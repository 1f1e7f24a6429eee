package io.llmgateway.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Usage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fast path decides the usage objects providers actually send, and leaves the rest to jackson. */
class PlainUsageReaderTest {

    private static Usage read(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return PlainUsageReader.read(b, 0, b.length);
    }

    @Test
    void decidesTheUsageObjectsProvidersSend() {
        assertThat(read("{\"prompt_tokens\":1117,\"completion_tokens\":12,\"total_tokens\":1129,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}"))
                .isEqualTo(Usage.of(1117, 12, 1129, 1024));
        assertThat(read(" {\n  \"prompt_tokens\": 9,\n  \"completion_tokens\": 2,\n  \"prompt_tokens_details\": null\n}\n"))
                .isEqualTo(Usage.of(9, 2, 11, 0));
        assertThat(read("{\"prompt_tokens\":1401,\"completion_tokens\":65,\"total_tokens\":1466,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"cache_write_tokens\":200}}"))
                .isEqualTo(new Usage(1401, 65, 1466, 1024, 200));
        assertThat(read("{\"completion_tokens_details\":{\"cache_write_tokens\":7},\"prompt_tokens\":1}"))
                .isEqualTo(Usage.of(1, 0, 1, 0));
        assertThat(read("{\"completion_tokens_details\":{\"cached_tokens\":7},\"service\":\"x\",\"ok\":true}"))
                .isEqualTo(Usage.of(0, 0, 0, 0));
    }

    @Test
    void leavesAnythingLessPlainToJackson() {
        for (String json : new String[] {"{\"prompt_\\u0074okens\":5}", "{\"prompt_tokens\":-1}",
            "{\"prompt_tokens\":2.0}", "{\"prompt_tokens\":1e3}", "{\"prompt_tokens\":1234567890123456789}",
            "{\"a\":[1]}", "{\"a\":{\"b\":{}}}", "{\"prompt_tokens_details\":{\"x\":{}}}", "{\"a\":1,}", "{\"a\":1} x",
            "{\"a\":\"\u0001\"}", "{\"prompt_tokens\":00}", ""}) {
            assertThat(read(json)).as(json).isSameAs(PlainUsageReader.UNSURE);
        }
    }
}
