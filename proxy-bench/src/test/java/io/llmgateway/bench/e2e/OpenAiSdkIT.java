package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, unchanged but for its base URL, against the real gateway process. */
class OpenAiSdkIT {

    private static MockUpstream upstream;
    private static GatewayProcess gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(5).build());
        gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream, "", "", GatewayConfigs.INERT_POLICY));
        client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway.baseUrl())
                .apiKey("client-key-never-forwarded")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @BeforeEach
    void clear() {
        upstream.clearRecordedRequests();
    }

    @Test
    void chatCompletion() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessage("Hello!")
                .build());

        assertThat(reply.choices()).hasSize(1);
        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full("gpt-4o-2024-08-06", 5));
        assertThat(reply.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isPositive());

        RecordedRequest seen = upstream.recordedRequests().get(0);
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.header("authorization")).isIn("Bearer sk-upstream-one", "Bearer sk-upstream-two");
        assertThat(seen.body()).contains("\"model\":\"gpt-4o-2024-08-06\"").contains("Hello!");
        assertThat(seen.header("host")).isEqualTo("127.0.0.1:" + upstream.port());
    }

    @Test
    void keysAreUsedInTurnAndTheClientKeyNeverReachesTheProvider() {
        for (int i = 0; i < 4; i++) {
            client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini").addUserMessage("n" + i).build());
        }
        List<String> auth = upstream.recordedRequests().stream().map(r -> r.header("authorization")).toList();
        assertThat(auth).hasSize(4).containsOnly("Bearer sk-upstream-one", "Bearer sk-upstream-two");
        assertThat(auth.stream().distinct().count()).isEqualTo(2);
        assertThat(upstream.recordedRequests()).allSatisfy(r -> assertThat(r.headers().toString())
                .doesNotContain("client-key-never-forwarded"));
    }

    @Test
    void streamWithIncludeUsage() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessage("Count")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }

        String text = chunks.stream()
                .flatMap(c -> c.choices().stream())
                .map(ch -> ch.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo(MockContent.full("gpt-4o-2024-08-06", 5));
        assertThat(chunks.get(chunks.size() - 1).choices()).isEmpty();
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(u ->
                assertThat(u.completionTokens()).isEqualTo(5));
        assertThat(chunks.stream().flatMap(c -> c.choices().stream())
                .filter(ch -> ch.finishReason().isPresent())).hasSize(1);
        assertThat(upstream.recordedRequests().get(0).body()).contains("\"stream\":true")
                .contains("\"include_usage\":true");
    }

    @Test
    void legacyCompletions() {
        Completion c = client.completions().create(CompletionCreateParams.builder()
                .model("legacy").prompt("Say this is a test").build());
        assertThat(c.choices()).singleElement().satisfies(ch ->
                assertThat(ch.text()).contains(MockContent.full("gpt-3.5-turbo-instruct", 5)));
        assertThat(upstream.recordedRequests().get(0).path()).isEqualTo("/v1/completions");
    }

    @Test
    void embeddings() {
        CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("embed")
                .inputOfArrayOfStrings(List.of("The quick brown fox", "jumped over the lazy dog"))
                .build());
        assertThat(r.data()).hasSize(2);
        assertThat(r.data().get(0).embedding()).isNotEmpty();
        assertThat(r.model()).isEqualTo("text-embedding-3-small");
        assertThat(upstream.recordedRequests().get(0).path()).isEqualTo("/v1/embeddings");
    }

    @Test
    void modelsListsAliasesAndProviderModels() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).contains("gpt-4o", "gpt-4o-mini", "embed", "legacy", "mock/gpt-4o-2024-08-06",
                "mock/text-embedding-3-small");
    }

    @Test
    void aModelIsRetrievedAsTheListShowsIt() {
        Model listed = client.models().list().data().stream()
                .filter(m -> m.id().equals("mock/gpt-4o-2024-08-06")).findFirst().orElseThrow();

        Model alias = client.models().retrieve("gpt-4o");
        assertThat(alias.id()).isEqualTo("gpt-4o");
        assertThat(alias.ownedBy()).isEqualTo("llm-gateway");
        assertThat(alias.created()).isEqualTo(listed.created());

        Model direct = client.models().retrieve("mock/gpt-4o-2024-08-06");
        assertThat(direct).isEqualTo(listed);
        assertThat(direct.ownedBy()).isEqualTo("mock");

        assertThatThrownBy(() -> client.models().retrieve("mock/no-such-model"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
    }

    @Test
    void aModelIsRetrievedOverPlainHttpWithItsSlashEitherWay() throws Exception {
        try (RawHttp http = new RawHttp(gateway.port())) {
            String encoded = http.send("GET /v1/models/mock%2Fgpt-4o-mini HTTP/1.1\r\nHost: gw\r\n\r\n")
                    .readResponse();
            String literal = http.send("GET /v1/models/mock/gpt-4o-mini HTTP/1.1\r\nHost: gw\r\n\r\n")
                    .readResponse();
            String missing = http.send("GET /v1/models/gpt-9 HTTP/1.1\r\nHost: gw\r\n\r\n").readResponse();
            assertThat(encoded).startsWith("HTTP/1.1 200 ")
                    .endsWith("{\"id\":\"mock/gpt-4o-mini\",\"object\":\"model\",\"created\":" + created(encoded)
                            + ",\"owned_by\":\"mock\"}");
            assertThat(literal.substring(literal.indexOf("\r\n\r\n")))
                    .isEqualTo(encoded.substring(encoded.indexOf("\r\n\r\n")));
            assertThat(missing).startsWith("HTTP/1.1 404 ").contains("x-request-id: ")
                    .endsWith("{\"error\":{\"message\":\"The model 'gpt-9' does not exist or you do not have access "
                            + "to it.\",\"type\":\"invalid_request_error\",\"param\":\"model\","
                            + "\"code\":\"model_not_found\"}}");
        }
    }

    private static String created(String response) {
        int at = response.indexOf("\"created\":") + "\"created\":".length();
        return response.substring(at, response.indexOf(',', at));
    }

    @Test
    void providerModelsAreAddressableDirectly() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("mock/gpt-4o-mini").addUserMessage("direct").build());
        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full("gpt-4o-mini", 5));
        assertThat(upstream.recordedRequests().get(0).body()).contains("\"model\":\"gpt-4o-mini\"");
    }

    @Test
    void errorsReachTheSdkAsTheRightExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("x").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                });

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("faulty").addUserMessage("x")
                .putAdditionalHeader("x-mock-status", "400").build()))
                .isInstanceOf(BadRequestException.class);

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("faulty").addUserMessage("x")
                .putAdditionalHeader("x-mock-status", "429").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).isNotEmpty();
                    // Both keys answered 429: the gateway retried and tells the SDK not to multiply retries.
                    assertThat(e.headers().values("x-should-retry")).containsExactly("false");
                    assertThat(e.headers().values("x-gateway-attempts")).containsExactly("2");
                });

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("dead-model").addUserMessage("x").build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.code()).contains("upstream_unreachable");
                });
    }

    @Test
    void aStreamCutByTheUpstreamIsAnErrorNotACleanEnd() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("faulty").addUserMessage("x")
                .putAdditionalHeader("x-mock-fault", "disconnect-mid-stream")
                .build();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                try (Stream<ChatCompletionChunk> s = stream.stream()) {
                    s.forEach(c -> { });
                }
            }
        }).hasMessageContaining("upstream");
    }
}
