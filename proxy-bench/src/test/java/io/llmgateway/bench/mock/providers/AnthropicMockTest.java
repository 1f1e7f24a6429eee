package io.llmgateway.bench.mock.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.RawHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Anthropic mock on the wire: what it refuses, with which status and body, and what it answers. */
class AnthropicMockTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-ant-test";
    private static final Map<String, String> AUTH = Map.of("x-api-key", KEY, "anthropic-version", "2023-06-01");
    private static final String HELLO = "{\"model\":\"claude-x\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    private static final String TOOLS = ",\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}},\"required\":[\"city\"]}}]";

    private static MockUpstream mock;

    @BeforeAll
    static void start() {
        mock = AnthropicMock.builder().apiKey(KEY).options(MockOptions.builder().chunks(3).build()).start();
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    private static RawHttp.Response post(Map<String, String> headers, String body) throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            return http.post("/v1/messages", headers, body).readResponse();
        }
    }

    private static Map<String, String> auth(String... extra) {
        Map<String, String> h = new HashMap<>(AUTH);
        for (int i = 0; i < extra.length; i += 2) {
            h.put(extra[i], extra[i + 1]);
        }
        return h;
    }

    static Stream<Arguments> refusals() {
        String user = "{\"role\":\"user\",\"content\":\"Hi\"}";
        String assistant = "{\"role\":\"assistant\",\"content\":\"Hello\"}";
        String use = "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
                + "\"input\":{\"city\":\"Paris\"}}]}";
        return Stream.of(
                Arguments.of("no key", Map.of("anthropic-version", "2023-06-01"), HELLO, 401, "authentication_error",
                        "x-api-key header is required"),
                Arguments.of("wrong key", Map.of("x-api-key", "sk-other", "anthropic-version", "2023-06-01"), HELLO,
                        401, "authentication_error", "invalid x-api-key"),
                Arguments.of("no version", Map.of("x-api-key", KEY), HELLO, 400, "invalid_request_error",
                        "anthropic-version: header is required"),
                Arguments.of("no max_tokens", AUTH, "{\"model\":\"m\",\"messages\":[" + user + "]}", 400,
                        "invalid_request_error", "max_tokens: Field required"),
                Arguments.of("an OpenAI field", AUTH, "{\"model\":\"m\",\"max_tokens\":5,\"stream_options\":{},"
                        + "\"messages\":[" + user + "]}", 400, "invalid_request_error",
                        "stream_options: Extra inputs are not permitted"),
                Arguments.of("system role", AUTH, "{\"model\":\"m\",\"max_tokens\":5,\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"Be brief\"}," + user + "]}", 400,
                        "invalid_request_error", "messages: Unexpected role \"system\""),
                Arguments.of("two user turns", AUTH, "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[" + user + ','
                        + user + "]}", 400, "invalid_request_error",
                        "roles must alternate between \"user\" and \"assistant\", but found multiple \"user\" roles"),
                Arguments.of("assistant first", AUTH, "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[" + assistant
                        + "]}", 400, "invalid_request_error", "first message must use the \"user\" role"),
                Arguments.of("tool_result without tool_use", AUTH, "{\"model\":\"m\",\"max_tokens\":5,\"messages\":["
                        + user + ',' + assistant + ",{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                        + "\"tool_use_id\":\"toolu_9\",\"content\":\"18C\"}]}]" + TOOLS + "}", 400,
                        "invalid_request_error", "unexpected `tool_use_id` found in `tool_result` blocks: toolu_9"),
                Arguments.of("tool_use without tool_result", AUTH, "{\"model\":\"m\",\"max_tokens\":5,\"messages\":["
                        + user + ',' + use + ',' + user + "]" + TOOLS + "}", 400, "invalid_request_error",
                        "`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1"),
                Arguments.of("empty text", AUTH, "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"\"}]}]}", 400, "invalid_request_error",
                        "text content blocks must be non-empty"),
                Arguments.of("temperature 1.5", AUTH, "{\"model\":\"m\",\"max_tokens\":5,\"temperature\":1.5,"
                        + "\"messages\":[" + user + "]}", 400, "invalid_request_error",
                        "temperature: Input should be less than or equal to 1"),
                Arguments.of("prefill ending in a space", AUTH, "{\"model\":\"m\",\"max_tokens\":5,\"messages\":["
                        + user + ",{\"role\":\"assistant\",\"content\":\"Sure \"}]}", 400, "invalid_request_error",
                        "final assistant content cannot end with trailing whitespace"),
                Arguments.of("OpenAI-style tool", AUTH, "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[" + user
                        + "],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}", 400,
                        "invalid_request_error", "tools.0.custom.function: Extra inputs are not permitted"),
                Arguments.of("not JSON", AUTH, "{\"model\":", 400, "invalid_request_error", "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWhatTheApiRefuses(String what, Map<String, String> headers, String body, int status, String type,
                                  String message) throws IOException {
        RawHttp.Response response = post(headers, body);

        assertThat(response.status()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo(type);
        assertThat(error.path("error").path("message").asText()).contains(message);
        assertThat(error.path("request_id").asText()).startsWith("req_");
        assertThat(response.header("x-should-retry")).isEqualTo("false");
    }

    @Test
    void unknownPathIsNotFound() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            RawHttp.Response response = http.post("/v1/chat/completions", AUTH, HELLO).readResponse();
            assertThat(response.status()).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).at("/error/type").asText()).isEqualTo("not_found_error");
        }
    }

    @Test
    void consecutiveTurnsAreCombinedWhenAlternationIsNotRequired() throws IOException {
        try (MockUpstream lenient = AnthropicMock.builder().apiKey(KEY).alternatingRoles(false).start();
             RawHttp http = new RawHttp(lenient.port())) {
            String body = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                    + "{\"role\":\"user\",\"content\":\"b\"}]}";
            assertThat(http.post("/v1/messages", AUTH, body).readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void answersAMessage() throws IOException {
        RawHttp.Response response = post(AUTH, "{\"model\":\"claude-x\",\"max_tokens\":64,\"system\":\"Be brief\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("request-id")).startsWith("req_");
        JsonNode m = JSON.readTree(response.body());
        assertThat(m.path("type").asText()).isEqualTo("message");
        assertThat(m.path("model").asText()).isEqualTo("claude-x");
        assertThat(m.at("/content/0/text").asText()).isEqualTo("claude-x:0 claude-x:1 claude-x:2 ");
        assertThat(m.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(m.at("/usage/output_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void callsAToolWhenTheRequestHasTools() throws IOException {
        RawHttp.Response response = post(AUTH, HELLO.substring(0, HELLO.length() - 1) + TOOLS + "}");

        JsonNode m = JSON.readTree(response.body());
        assertThat(m.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(m.at("/content/0/type").asText()).isEqualTo("text");
        JsonNode use = m.at("/content/1");
        assertThat(use.path("type").asText()).isEqualTo("tool_use");
        assertThat(use.path("name").asText()).isEqualTo("get_weather");
        assertThat(use.path("input").toString()).isEqualTo("{\"city\":\"mock\",\"days\":1}");
    }

    @Test
    void aToolResultIsAnsweredWithText() throws IOException {
        String body = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
                + "\"input\":{\"city\":\"Paris\"}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"toolu_1\",\"content\":\"18C\"}]}]" + TOOLS + "}";
        JsonNode m = JSON.readTree(post(AUTH, body).body());

        assertThat(m.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(m.at("/content/0/text").asText()).isEqualTo("m:0 m:1 m:2 ");
    }

    @Test
    void streamsEventsWithMatchingEventLines() throws IOException {
        RawHttp.Response response = post(AUTH, HELLO.replace("\"max_tokens\":64", "\"max_tokens\":64,\"stream\":true")
                .replace("]}", "]" + TOOLS + "}"));

        assertThat(response.header("content-type")).startsWith("text/event-stream");
        List<String> types = new ArrayList<>();
        for (String event : response.body().split("\n\n")) {
            String[] lines = event.split("\n");
            assertThat(lines).hasSize(2);
            String type = lines[0].substring("event: ".length());
            assertThat(JSON.readTree(lines[1].substring("data: ".length())).path("type").asText()).isEqualTo(type);
            types.add(type);
        }
        assertThat(types).containsExactly("message_start", "content_block_start", "ping",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(response.body()).contains("\"partial_json\":\"\"").contains("\"stop_reason\":\"tool_use\"");
    }

    @Test
    void injectedStatusesUseAnthropicErrorTypes() throws IOException {
        RawHttp.Response limited = post(auth(MockHeaders.STATUS, "429"), HELLO);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("retry-after")).isEqualTo("1");
        assertThat(limited.header("x-should-retry")).isEqualTo("true");
        assertThat(JSON.readTree(limited.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");

        RawHttp.Response overloaded = post(auth(MockHeaders.STATUS, "529"), HELLO);
        assertThat(overloaded.status()).isEqualTo(529);
        assertThat(JSON.readTree(overloaded.body()).at("/error/type").asText()).isEqualTo("overloaded_error");
    }

    @Test
    void errorMidStreamIsAnErrorEventAndNoMessageStop() throws IOException {
        RawHttp.Response response = post(auth(MockHeaders.FAULT, "error-mid-stream", MockHeaders.CHUNKS, "4"),
                HELLO.replace("\"max_tokens\":64", "\"max_tokens\":64,\"stream\":true"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("claude-x:1 ").doesNotContain("claude-x:2 ").doesNotContain("message_stop")
                .endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"}}\n\n");
    }
}
