package io.llmgateway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestDigestTest {

    private static final String BODY = """
            {"model":"gpt-4o","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],
             "temperature":0.5,"max_tokens":100,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"string"}}}}}],
             "tool_choice":"auto","response_format":{"type":"json_object"},"stop":["x"],"seed":7,"n":1,"top_p":1}""";

    private static CacheKey key(String json) {
        return key("gpt-4o", null, json);
    }

    private static CacheKey key(String model, String clientKey, String json) {
        ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            int before = body.readerIndex();
            CacheKey k = RequestDigest.of("/chat/completions", model, clientKey, body);
            assertThat(body.readerIndex()).isEqualTo(before);
            return k;
        } finally {
            body.release();
        }
    }

    @Test
    void memberOrderWhitespaceEscapesAndNumberFormsDoNotMatter() {
        String reordered = """
                { "top_p" : 1.0, "n":1, "seed":7, "stop":["x"], "response_format":{"type":"json_object"},
                  "tool_choice":"auto",
                  "tools":[{"function":{"parameters":{"properties":{"a":{"type":"string"}},"type":"object"},"name":"f"},"type":"function"}],
                  "max_tokens":1e2, "temperature":0.50,
                  "messages":[{"content":"be brief","role":"system"},{"content":"h\\u0069","role":"user"}],
                  "model":"gpt-4o" }""";
        assertThat(key(reordered)).isEqualTo(key(BODY)).hasSameHashCodeAs(key(BODY));
        assertThat(key(BODY).hex()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void streamAndStreamOptionsAndTheModelValueAreNotPartOfTheKey() {
        String stream = BODY.replace("\"n\":1", "\"n\":1,\"stream\":true,\"stream_options\":{\"include_usage\":true}");
        assertThat(key(stream)).isEqualTo(key(BODY));
        // the model is the one the client asked for, passed apart from the body
        assertThat(key("gpt-4o", null, BODY.replace("\"model\":\"gpt-4o\"", "\"model\":\"other\"")))
                .isEqualTo(key(BODY));
        assertThat(key("gpt-4o-mini", null, BODY)).isNotEqualTo(key(BODY));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"temperature\":0.5|\"temperature\":0.6",
            "\"max_tokens\":100|\"max_tokens\":101",
            "\"seed\":7|\"seed\":8",
            "\"n\":1|\"n\":2",
            "\"top_p\":1|\"top_p\":0.9",
            "\"stop\":[\"x\"]|\"stop\":[\"y\"]",
            "\"tool_choice\":\"auto\"|\"tool_choice\":\"none\"",
            "\"json_object\"|\"text\"",
            "\"name\":\"f\"|\"name\":\"g\"",
            "\"content\":\"hi\"|\"content\":\"hi \"",
            "\"role\":\"system\"|\"role\":\"developer\"",
            "\"n\":1|\"n\":1,\"user\":\"u\"",
            "\"seed\":7|\"seed\":\"7\"",
            "\"stop\":[\"x\"]|\"stop\":[\"x\",\"x\"]"})
    void anyOtherDifferenceMakesAnotherKey(String change) {
        String[] fromTo = change.split("\\|");
        String changed = BODY.replace(fromTo[0], fromTo[1]);
        assertThat(changed).isNotEqualTo(BODY);
        assertThat(key(changed)).isNotEqualTo(key(BODY));
    }

    @Test
    void theArrayOrderOfMessagesMatters() {
        String swapped = BODY.replace("{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}",
                "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"system\",\"content\":\"be brief\"}");
        assertThat(swapped).isNotEqualTo(BODY);
        assertThat(key(swapped)).isNotEqualTo(key(BODY));
    }

    @Test
    void theClientKeyScopesTheKeyWhenGiven() {
        assertThat(key("gpt-4o", "vk-a", BODY)).isNotEqualTo(key("gpt-4o", "vk-b", BODY))
                .isNotEqualTo(key("gpt-4o", null, BODY))
                .isEqualTo(key("gpt-4o", "vk-a", BODY));
    }

    @Test
    void theEndpointIsPartOfTheKey() {
        byte[] json = "{\"input\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestDigest.of("/embeddings", "m", null, json, 0, json.length))
                .isNotEqualTo(RequestDigest.of("/completions", "m", null, json, 0, json.length));
    }

    @Test
    void typedLengthPrefixedFormsCannotCollideByConcatenation() {
        assertThat(key("{\"a\":\"bc\",\"d\":\"e\"}")).isNotEqualTo(key("{\"a\":\"b\",\"cd\":\"e\"}"));
        assertThat(key("{\"a\":[\"b\",\"c\"]}")).isNotEqualTo(key("{\"a\":[\"bc\"]}"));
        assertThat(key("{\"a\":null}")).isNotEqualTo(key("{\"a\":\"null\"}"));
        assertThat(key("{\"a\":{}}")).isNotEqualTo(key("{\"a\":[]}"));
    }

    @Test
    void aBodyThatIsNotOneJsonObjectHasNoKey() {
        assertThat(key("[1,2]")).isNull();
        assertThat(key("{\"a\":")).isNull();
        assertThat(key("{\"a\":1} {\"b\":2}")).isNull();
        assertThat(key("{\"a\":1,\"a\":2}")).isNull();
        assertThat(key("not json")).isNull();
    }

    @Test
    void aDirectBufferGivesTheSameKeyAsAHeapOne() {
        ByteBuf direct = Unpooled.directBuffer().writeBytes(BODY.getBytes(StandardCharsets.UTF_8));
        try {
            assertThat(RequestDigest.of("/chat/completions", "gpt-4o", null, direct)).isEqualTo(key(BODY));
        } finally {
            direct.release();
        }
    }
}
