package io.llmgateway.bench.mock.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.RawHttp;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Azure OpenAI mock on the wire: what it refuses, with which status and body, and what it answers. */
class AzureMockTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "az-test";
    private static final String CHAT = "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21";
    private static final Map<String, String> AUTH = Map.of("api-key", KEY);
    private static final String HELLO = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private static MockUpstream mock;

    @BeforeAll
    static void start() {
        mock = AzureMock.builder().apiKey(KEY).entraToken("entra-token")
                .deployment("gpt4o-prod", "gpt-4o-2024-08-06").deployment("embed", "text-embedding-3-small")
                .options(MockOptions.builder().chunks(3).build()).start();
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    private static RawHttp.Response post(String path, Map<String, String> headers, String body) throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            return http.post(path, headers, body).readResponse();
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("no key", CHAT, Map.of(), HELLO, 401, "401"),
                Arguments.of("OpenAI's header", CHAT, Map.of("authorization", "Bearer " + KEY), HELLO, 401, "401"),
                Arguments.of("no api-version", "/openai/deployments/gpt4o-prod/chat/completions", AUTH, HELLO, 404, "404"),
                Arguments.of("unknown api-version", CHAT.replace("2024-10-21", "2024-13-45"), AUTH, HELLO, 404, "404"),
                Arguments.of("OpenAI's path", "/v1/chat/completions", AUTH, HELLO, 404, "404"),
                Arguments.of("unknown deployment", CHAT.replace("gpt4o-prod", "gpt-4o"), AUTH, HELLO, 404,
                        "DeploymentNotFound"),
                Arguments.of("embeddings on a chat model", "/openai/deployments/gpt4o-prod/embeddings?api-version=2024-10-21",
                        AUTH, "{\"input\":\"x\"}", 400, "OperationNotSupported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWhatAzureRefuses(String what, String path, Map<String, String> headers, String body, int status,
                                 String code) throws IOException {
        RawHttp.Response response = post(path, headers, body);

        assertThat(response.status()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.has("type")).as("Azure's own errors have no type").isFalse();
    }

    @Test
    void refusesParametersNewerThanTheApiVersion() throws IOException {
        RawHttp.Response response = post(CHAT.replace("2024-10-21", "2024-06-01"), AUTH,
                HELLO.replace("]}", "],\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText())
                .isEqualTo("Unrecognized request argument supplied: stream_options");
    }

    @Test
    void answersAsTheDeploymentsModelWithContentFilterResults() throws IOException {
        RawHttp.Response response = post(CHAT, AUTH, HELLO);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("apim-request-id")).isNotNull();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(body.at("/choices/0/message/content").asText()).startsWith("gpt-4o-2024-08-06:0 ");
        assertThat(body.at("/prompt_filter_results/0/content_filter_results/hate/severity").asText()).isEqualTo("safe");
        assertThat(body.at("/choices/0/content_filter_results/violence/filtered").asBoolean()).isFalse();
    }

    @Test
    void acceptsAnEntraToken() throws IOException {
        assertThat(post(CHAT, Map.of("authorization", "Bearer entra-token"), HELLO).status()).isEqualTo(200);
    }

    @Test
    void servesTheV1UrlWithTheDeploymentInTheBody() throws IOException {
        RawHttp.Response response = post("/openai/v1/chat/completions", AUTH, HELLO.replace("gpt-4o", "gpt4o-prod"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
    }

    @Test
    void streamsOpenWithTheContentFilterOnlyChunk() throws IOException {
        RawHttp.Response response = post(CHAT, AUTH, HELLO.replace("]}", "],\"stream\":true}"));

        String[] events = response.body().split("\n\n");
        JsonNode first = JSON.readTree(events[0].substring("data: ".length()));
        assertThat(first.path("choices")).isEmpty();
        assertThat(first.path("id").asText()).isEmpty();
        assertThat(first.has("prompt_filter_results")).isTrue();
        JsonNode content = JSON.readTree(events[2].substring("data: ".length()));
        assertThat(content.at("/choices/0/delta/content").asText()).isEqualTo("gpt-4o-2024-08-06:0 ");
        assertThat(content.at("/choices/0/content_filter_results/hate/filtered").isBoolean()).isTrue();
        assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
    }

    @Test
    void aRateLimitSaysWhenToRetryInThreeWays() throws IOException {
        RawHttp.Response response = post(CHAT, Map.of("api-key", KEY, MockHeaders.STATUS, "429"), HELLO);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("retry-after")).isEqualTo("1");
        assertThat(response.header("retry-after-ms")).isEqualTo("1000");
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).contains("Please retry after 1 seconds");
    }
}
