package io.llmgateway.bench.e2e;

import static io.llmgateway.bench.e2e.SdkCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.mock.providers.AzureMock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI SDK through the real gateway to a mock of Azure OpenAI that refuses what
 * Azure refuses ({@link AzureMock}): deployment URLs, {@code api-key}, {@code api-version}, and
 * Azure's quirks (the content-filter-only first stream chunk, its error shapes) on the way back.
 */
class AzureSdkIT {

    private static final String KEY = "az-e2e";
    /** What the {@code gpt4o-prod} deployment runs; the mock answers as this model. */
    private static final String MODEL = "gpt-4o-2024-08-06";
    private static final int PIECES = 4;

    private static MockUpstream azure;
    private static GatewayProcess gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        azure = AzureMock.builder().apiKey(KEY)
                .deployment("gpt4o-prod", MODEL)
                .deployment("embed-prod", "text-embedding-3-small")
                .options(MockOptions.builder().chunks(PIECES).embeddingDimensions(16).build())
                .start();
        gateway = GatewayProcess.start(GatewayConfigs.withProviders("""
                - id: azure
                  type: azure
                  base_url: "%1$s"
                  deployments:
                    gpt-4o: gpt4o-prod
                    text-embedding-3-small: embed-prod
                  keys:
                    - id: a1
                      secret: "%2$s"
                - id: azure-v1
                  type: azure
                  base_url: "%1$s/openai/v1"
                  azure_v1: true
                  deployments:
                    gpt-4o: gpt4o-prod
                  keys:
                    - id: a2
                      secret: "%2$s"
                - id: azure-misconfigured
                  type: azure
                  base_url: "%1$s"
                  deployments:
                    gpt-4o: gpt4o-prod
                  keys:
                    - id: wrong
                      secret: "az-revoked"
                - id: azure-typo
                  type: azure
                  base_url: "%1$s"
                  deployments:
                    gpt-4o: gpt4o-prd
                  keys:
                    - id: a3
                      secret: "%2$s"
                """.formatted(azure.baseUrl(), KEY), """
                azure: azure:gpt-4o
                azure-embed: azure:text-embedding-3-small
                azure-v1: azure-v1:gpt-4o
                azure-bad-key: azure-misconfigured:gpt-4o
                azure-typo: azure-typo:gpt-4o
                """));
        client = SdkCalls.client(gateway);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (azure != null) {
            azure.close();
        }
    }

    @BeforeEach
    void clear() {
        azure.clearRecordedRequests();
    }

    private static RecordedRequest last() {
        List<RecordedRequest> seen = azure.recordedRequests();
        return seen.get(seen.size() - 1);
    }

    @Test
    void chatGoesToTheDeploymentWithApiKeyAndApiVersion() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("azure").addUserMessage("Hello!").build());

        assertThat(reply.model()).isEqualTo(MODEL);
        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        RecordedRequest seen = last();
        assertThat(seen.uri()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
        assertThat(seen.header("api-key")).isEqualTo(KEY);
        assertThat(seen.header("authorization")).isNull();
        assertThat(seen.headers().toString()).doesNotContain("client-key-never-forwarded");
    }

    @Test
    void theV1UrlCarriesTheDeploymentInTheBody() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("azure-v1").addUserMessage("Hello!").build());

        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        RecordedRequest seen = last();
        assertThat(seen.uri()).isEqualTo("/openai/v1/chat/completions");
        assertThat(json(seen.body()).path("model").asText()).isEqualTo("gpt4o-prod");
    }

    @Test
    void streamWithIncludeUsageSkipsAzuresFilterChunkAndEndsWithUsage() {
        List<ChatCompletionChunk> chunks = SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("azure").addUserMessage("Count")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());

        assertThat(SdkCalls.text(chunks)).isEqualTo(MockContent.full(MODEL, PIECES));
        assertThat(chunks.get(0).choices()).as("the content-filter-only chunk is not relayed").hasSize(1);
        assertThat(chunks.get(0).id()).isNotEmpty();
        ChatCompletionChunk lastChunk = chunks.get(chunks.size() - 1);
        assertThat(lastChunk.choices()).isEmpty();
        assertThat(lastChunk.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(PIECES));
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.choices()).hasSize(1));
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        List<ChatCompletionChunk> chunks = SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("azure").addUserMessage("Count").build());

        assertThat(SdkCalls.text(chunks)).isEqualTo(MockContent.full(MODEL, PIECES));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.choices()).hasSize(1);
            assertThat(c.usage()).isEmpty();
        });
    }

    @Test
    void embeddingsGoToTheEmbeddingDeployment() {
        CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("azure-embed").inputOfArrayOfStrings(List.of("a", "b", "c")).build());

        assertThat(r.data()).hasSize(3);
        assertThat(r.data().get(0).embedding()).hasSize(16);
        assertThat(last().uri()).isEqualTo("/openai/deployments/embed-prod/embeddings?api-version=2024-10-21");
    }

    @Test
    void azureErrorsReachTheSdkAsTheRightExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(params("azure", MockHeaders.STATUS, "400")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.statusCode()).isEqualTo(400));

        assertThatThrownBy(() -> client.chat().completions().create(params("azure", MockHeaders.STATUS, "429")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("1");
                });

        assertThatThrownBy(() -> client.chat().completions().create(params("azure", MockHeaders.STATUS, "503")))
                .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(503));

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("azure-bad-key").addUserMessage("x").build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.code()).contains("upstream_authentication_failed");
                });

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("azure-typo").addUserMessage("x").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).contains("DeploymentNotFound");
                });
    }

    private static ChatCompletionCreateParams params(String model, String header, String value) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("x")
                .putAdditionalHeader(header, value).build();
    }

    @Test
    void aClientDisconnectMidStreamClosesTheAzureStream() throws Exception {
        SdkCalls.disconnectMidStream(gateway, "azure", azure);
    }
}
