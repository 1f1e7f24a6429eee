package io.llmgateway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    void everyCachedOperationHasKeysOfItsOwn() {
        byte[] json = "{\"input\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"store\":false}"
                .getBytes(StandardCharsets.UTF_8);
        java.util.Set<CacheKey> keys = new java.util.HashSet<>();
        for (String endpoint : List.of("/chat/completions", "/completions", "/embeddings", "/messages", "/responses")) {
            keys.add(RequestDigest.of(endpoint, "m", null, json, 0, json.length));
        }
        assertThat(keys).hasSize(5).doesNotContainNull();
    }

    private static final String MESSAGES = """
            {"model":"claude","max_tokens":256,"system":"be brief","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],
             "tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":{"type":"auto"},"temperature":0.5,
             "top_k":5,"stop_sequences":["x"],"thinking":{"type":"enabled","budget_tokens":1024},"metadata":{"user_id":"u"}}""";

    private static CacheKey messages(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return RequestDigest.of("/messages", "claude", null, b, 0, b.length);
    }

    @Test
    void aMessagesRequestIsKeyedOnEveryFieldButModelAndStream() {
        String reordered = """
                {"metadata":{"user_id":"u"},"thinking":{"budget_tokens":1024,"type":"enabled"},"stop_sequences":["x"],
                 "top_k":5.0,"temperature":0.50,"tool_choice":{"type":"auto"},"tools":[{"input_schema":{"type":"object"},"name":"f"}],
                 "messages":[{"content":[{"text":"hi","type":"text"}],"role":"user"}],"system":"be brief","max_tokens":256,
                 "stream":true,"model":"other"}""";
        assertThat(messages(reordered)).isNotNull().isEqualTo(messages(MESSAGES));
        for (String[] change : new String[][] {{"be brief", "be long"}, {"\"hi\"", "\"ho\""},
                {"\"max_tokens\":256", "\"max_tokens\":257"}, {"\"name\":\"f\"", "\"name\":\"g\""},
                {"\"auto\"", "\"any\""}, {"0.5", "0.6"}, {"\"top_k\":5", "\"top_k\":6"},
                {"[\"x\"]", "[\"y\"]"}, {"1024", "2048"}, {"\"u\"", "\"v\""}}) {
            String changed = MESSAGES.replace(change[0], change[1]);
            assertThat(changed).as(change[0]).isNotEqualTo(MESSAGES);
            assertThat(messages(changed)).as(change[0]).isNotEqualTo(messages(MESSAGES));
        }
    }

    @Test
    void theHeadersThatChangeTheAnswerArePartOfTheKeyWhenGiven() {
        ByteBuf body = Unpooled.copiedBuffer(MESSAGES, StandardCharsets.UTF_8);
        try {
            CacheKey plain = RequestDigest.of("/messages", "claude", null, body);
            CacheKey v1 = RequestDigest.of("/messages", "claude", null, "2023-06-01\n", body);
            CacheKey beta = RequestDigest.of("/messages", "claude", null, "2023-06-01\ntoken-efficient-tools", body);
            assertThat(plain).isEqualTo(messages(MESSAGES)).isNotEqualTo(v1);
            assertThat(v1).isNotEqualTo(beta).isEqualTo(RequestDigest.of("/messages", "claude", null, "2023-06-01\n", body));
        } finally {
            body.release();
        }
    }

    private static final String RESPONSES = """
            {"model":"gpt","input":[{"role":"user","content":"hi"}],"instructions":"be brief","store":false,
             "tools":[{"type":"function","name":"f","parameters":{"type":"object"}}],"tool_choice":"auto",
             "text":{"format":{"type":"json_schema","name":"s","schema":{"type":"object"}}},"temperature":0.5,
             "max_output_tokens":100,"reasoning":{"effort":"low"}}""";

    private static CacheKey responses(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return RequestDigest.of("/responses", "gpt", null, b, 0, b.length);
    }

    @Test
    void aResponsesRequestIsKeyedOnEveryFieldButModelAndStream() {
        String reordered = """
                {"reasoning":{"effort":"low"},"max_output_tokens":1e2,"temperature":0.5,
                 "text":{"format":{"schema":{"type":"object"},"name":"s","type":"json_schema"}},"tool_choice":"auto",
                 "tools":[{"parameters":{"type":"object"},"name":"f","type":"function"}],"store":false,"stream":true,
                 "instructions":"be brief","input":[{"content":"hi","role":"user"}],"model":"gpt"}""";
        assertThat(responses(reordered)).isNotNull().isEqualTo(responses(RESPONSES));
        for (String[] change : new String[][] {{"be brief", "be long"}, {"\"hi\"", "\"ho\""},
                {"\"name\":\"f\"", "\"name\":\"g\""}, {"\"auto\"", "\"required\""},
                {"json_schema", "json_object"}, {"0.5", "0.6"}, {"100", "101"}, {"low", "high"}}) {
            String changed = RESPONSES.replace(change[0], change[1]);
            assertThat(changed).as(change[0]).isNotEqualTo(RESPONSES);
            assertThat(responses(changed)).as(change[0]).isNotNull().isNotEqualTo(responses(RESPONSES));
        }
    }

    @Test
    void aResponsesRequestWhoseAnswerIsStoredStateHasNoKey() {
        assertThat(responses(RESPONSES.replace("\"store\":false", "\"store\":true"))).isNull();
        assertThat(responses(RESPONSES.replace("\"store\":false,", ""))).as("OpenAI stores by default").isNull();
        assertThat(responses(RESPONSES.replace("\"store\":false", "\"store\":false,\"previous_response_id\":\"resp_1\"")))
                .isNull();
        assertThat(responses(RESPONSES.replace("\"store\":false", "\"store\":false,\"background\":true"))).isNull();
        assertThat(responses(RESPONSES.replace("\"store\":false", "\"store\":false,\"previous_response_id\":null,"
                + "\"background\":false"))).isNotNull();
        byte[] chat = "{\"messages\":[],\"store\":true}".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestDigest.of("/chat/completions", "m", null, chat, 0, chat.length))
                .as("chat's store is the provider's log, not the answer").isNotNull();
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
