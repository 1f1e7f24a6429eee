package io.llmgateway.bench.mock.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.RawHttp;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Gemini / Vertex mock on the wire: what it refuses, with which status and body, and what it answers. */
class GeminiMockTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "AIza-test";
    private static final String TOKEN = "ya29.test";
    private static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";
    private static final String VERTEX = "/v1/projects/p1/locations/us-central1/publishers/google/models/"
            + "gemini-2.5-flash:generateContent";
    private static final Map<String, String> AUTH = Map.of("x-goog-api-key", KEY);
    private static final String HELLO = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}]}";
    private static final String TOOLS = ",\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]}]";

    private static MockUpstream mock;

    @BeforeAll
    static void start() {
        mock = GeminiMock.builder().apiKey(KEY).accessToken(TOKEN)
                .options(MockOptions.builder().chunks(3).embeddingDimensions(4).build()).start();
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
        String model = "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"P\"}}}]}";
        String user = "{\"role\":\"user\",\"parts\":[{\"text\":\"Weather?\"}]}";
        String answer = "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_weather\",\"response\":"
                + "{\"content\":\"18C\"}}}]}";
        return Stream.of(
                Arguments.of("no key", GENERATE, Map.of(), HELLO, 403, "PERMISSION_DENIED",
                        "Method doesn't allow unregistered callers"),
                Arguments.of("wrong key", GENERATE, Map.of("x-goog-api-key", "AIza-other"), HELLO, 400,
                        "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."),
                Arguments.of("vertex without token", VERTEX, AUTH, HELLO, 401, "UNAUTHENTICATED",
                        "API keys are not supported by this API"),
                Arguments.of("vertex wrong token", VERTEX, Map.of("authorization", "Bearer ya29.other"), HELLO, 401,
                        "UNAUTHENTICATED", "Request had invalid authentication credentials"),
                Arguments.of("unknown top-level field", GENERATE, AUTH, "{\"model\":\"x\",\"contents\":[" + user + "]}",
                        400, "INVALID_ARGUMENT", "Unknown name \"model\": Cannot find field."),
                Arguments.of("OpenAI name in generationConfig", GENERATE, AUTH, "{\"contents\":[" + user
                        + "],\"generationConfig\":{\"max_tokens\":5}}", 400, "INVALID_ARGUMENT",
                        "Unknown name \"max_tokens\" at 'generation_config': Cannot find field."),
                Arguments.of("assistant role", GENERATE, AUTH, "{\"contents\":[{\"role\":\"assistant\",\"parts\":"
                        + "[{\"text\":\"Hi\"}]}," + user + "]}", 400, "INVALID_ARGUMENT",
                        "Please use a valid role: user, model."),
                Arguments.of("no contents", GENERATE, AUTH, "{}", 400, "INVALID_ARGUMENT", "contents is not specified"),
                Arguments.of("empty parts", GENERATE, AUTH, "{\"contents\":[{\"role\":\"user\",\"parts\":[]}]}", 400,
                        "INVALID_ARGUMENT", "contents.parts must not be empty"),
                Arguments.of("additionalProperties", GENERATE, AUTH, "{\"contents\":[" + user + "],\"tools\":[{"
                        + "\"functionDeclarations\":[{\"name\":\"f\",\"parameters\":{\"type\":\"object\","
                        + "\"additionalProperties\":false}}]}]}", 400, "INVALID_ARGUMENT",
                        "Unknown name \"additionalProperties\" at 'tools[0].function_declarations[0].parameters'"),
                Arguments.of("response without call", GENERATE, AUTH, "{\"contents\":[" + user + ',' + answer + "]"
                        + TOOLS + "}", 400, "INVALID_ARGUMENT",
                        "function response turn comes immediately after a function call turn"),
                Arguments.of("call without signature", GENERATE, AUTH, "{\"contents\":[" + user + ',' + model + ','
                        + answer + "]" + TOOLS + "}", 400, "INVALID_ARGUMENT",
                        "Function call is missing a thought_signature"),
                Arguments.of("ends with model", GENERATE, AUTH, "{\"contents\":[" + user
                        + ",{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]}]}", 400, "INVALID_ARGUMENT",
                        "end with a user role or a function response"),
                Arguments.of("chat on an embedding model", "/v1beta/models/gemini-embedding-001:generateContent",
                        AUTH, HELLO, 404, "NOT_FOUND", "is not supported for generateContent"),
                Arguments.of("not JSON", GENERATE, AUTH, "{\"contents\":", 400, "INVALID_ARGUMENT",
                        "Invalid JSON payload received."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWhatGoogleRefuses(String what, String path, Map<String, String> headers, String body, int status,
                                  String statusName, String message) throws IOException {
        RawHttp.Response response = post(path, headers, body);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("content-type")).isEqualTo("application/json; charset=UTF-8");
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(status);
        assertThat(error.path("status").asText()).isEqualTo(statusName);
        assertThat(error.path("message").asText()).contains(message);
    }

    @Test
    void anUnknownUrlIsGooglesHtmlNotFound() throws IOException {
        RawHttp.Response response = post("/v1beta/chat/completions", AUTH, HELLO);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("content-type")).startsWith("text/html");
    }

    @Test
    void answersGenerateContent() throws IOException {
        JsonNode r = JSON.readTree(post(GENERATE, AUTH, HELLO).body());

        assertThat(r.at("/candidates/0/content/parts/0/text").asText())
                .isEqualTo("gemini-2.5-flash:0 gemini-2.5-flash:1 gemini-2.5-flash:2 ");
        assertThat(r.at("/candidates/0/content/role").asText()).isEqualTo("model");
        assertThat(r.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(r.at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(10 + 3 + 3);
        assertThat(r.path("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
    }

    @Test
    void aFunctionCallCarriesASignatureThatMustComeBack() throws IOException {
        JsonNode r = JSON.readTree(post(GENERATE, AUTH, HELLO.replace("]}]}", "]}]" + TOOLS + "}")).body());

        JsonNode part = r.at("/candidates/0/content/parts/0");
        assertThat(part.at("/functionCall/name").asText()).isEqualTo("get_weather");
        assertThat(part.at("/functionCall/args").toString()).isEqualTo("{\"city\":\"mock\"}");
        String signature = part.path("thoughtSignature").asText();
        assertThat(signature).isNotEmpty();

        String replay = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather?\"}]},{\"role\":\"model\","
                + "\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"mock\"}},"
                + "\"thoughtSignature\":\"" + signature + "\"}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
                + "{\"name\":\"get_weather\",\"response\":{\"content\":\"18C\"}}}]}]" + TOOLS + "}";
        RawHttp.Response answered = post(GENERATE, AUTH, replay);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(JSON.readTree(answered.body()).at("/candidates/0/content/parts/0/text").asText())
                .startsWith("gemini-2.5-flash:0");
    }

    @Test
    void streamsSseChunksSeparatedByCrLfWithUsageOnEveryChunk() throws IOException {
        RawHttp.Response response = post(STREAM + "?alt=sse", AUTH, HELLO);

        assertThat(response.header("content-type")).isEqualTo("text/event-stream");
        String[] events = response.body().split("\r\n\r\n");
        assertThat(events).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode chunk = JSON.readTree(events[i].substring("data: ".length()));
            assertThat(chunk.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("gemini-2.5-flash:" + i + ' ');
            assertThat(chunk.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(i + 1);
            assertThat(chunk.at("/candidates/0/finishReason").isMissingNode()).isEqualTo(i < 2);
        }
    }

    @Test
    void streamingWithoutAltSseIsOneJsonArray() throws IOException {
        JsonNode array = JSON.readTree(post(STREAM, AUTH, HELLO).body());

        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(3);
    }

    @Test
    void vertexCountsTokensOnTheLastChunkOnly() throws IOException {
        RawHttp.Response response = post(VERTEX.replace(":generateContent", ":streamGenerateContent?alt=sse"),
                Map.of("authorization", "Bearer " + TOKEN), HELLO);

        String[] events = response.body().split("\r\n\r\n");
        assertThat(JSON.readTree(events[0].substring(6)).path("usageMetadata").toString())
                .isEqualTo("{\"trafficType\":\"ON_DEMAND\"}");
        assertThat(JSON.readTree(events[2].substring(6)).at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(3);
    }

    @Test
    void embedsInBatchesAndOnVertexByPredict() throws IOException {
        JsonNode batch = JSON.readTree(post("/v1beta/models/gemini-embedding-001:batchEmbedContents", AUTH,
                "{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]}},"
                        + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"b\"}]},"
                        + "\"outputDimensionality\":2}]}").body());
        assertThat(batch.path("embeddings")).hasSize(2);
        assertThat(batch.at("/embeddings/0/values")).hasSize(2);

        JsonNode predict = JSON.readTree(post("/v1/projects/p1/locations/us-central1/publishers/google/models/"
                        + "text-embedding-005:predict", Map.of("authorization", "Bearer " + TOKEN),
                "{\"instances\":[{\"content\":\"one two\"}]}").body());
        assertThat(predict.at("/predictions/0/embeddings/statistics/token_count").asInt()).isEqualTo(2);
        assertThat(predict.at("/predictions/0/embeddings/values")).hasSize(4);
    }

    @Test
    void injectedStatusesAreGoogleStatuses() throws IOException {
        Map<String, String> headers = new HashMap<>(AUTH);
        headers.put(MockHeaders.STATUS, "429");
        JsonNode limited = JSON.readTree(post(GENERATE, headers, HELLO).body()).path("error");
        assertThat(limited.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(limited.path("details").findValuesAsText("retryDelay")).containsExactly("1s");

        headers.put(MockHeaders.STATUS, "503");
        assertThat(JSON.readTree(post(GENERATE, headers, HELLO).body()).at("/error/status").asText())
                .isEqualTo("UNAVAILABLE");
    }

    @Test
    void errorMidStreamIsAnErrorChunk() throws IOException {
        Map<String, String> headers = new HashMap<>(AUTH);
        headers.put(MockHeaders.FAULT, "error-mid-stream");
        headers.put(MockHeaders.CHUNKS, "4");
        String body = post(STREAM + "?alt=sse", headers, HELLO).body();

        assertThat(body).contains("gemini-2.5-flash:1 ").doesNotContain("gemini-2.5-flash:2 ")
                .endsWith("data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again "
                        + "later.\",\"status\":\"UNAVAILABLE\"}}\r\n\r\n");
    }
}
