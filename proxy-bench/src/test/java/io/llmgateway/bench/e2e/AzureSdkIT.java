package io.llmgateway.bench.e2e;

import static io.llmgateway.bench.e2e.SdkCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.HttpResponseFor;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.mock.providers.AzureMock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    private static final String TEXT = MockContent.full(MODEL, PIECES);

    @RegisterExtension
    static final ProviderGateway gw = new ProviderGateway(
            () -> AzureMock.builder().apiKey(KEY)
                    .deployment("gpt4o-prod", MODEL)
                    .deployment("embed-prod", "text-embedding-3-small")
                    .options(MockOptions.builder().chunks(PIECES).embeddingDimensions(16).build())
                    .start(),
            mock -> GatewayConfigs.withProviders("""
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
                    - id: azure-faults
                      type: azure
                      base_url: "%1$s"
                      deployments:
                        gpt-4o: gpt4o-prod
                      keys:
                        - id: a1-faults
                          secret: "%2$s"
                    - id: azure-misconfigured
                      type: azure
                      base_url: "%1$s"
                      deployments:
                        gpt-4o: gpt4o-prod
                      keys:
                        - id: wrong
                          secret: "az-revoked"
                    - id: azure-2024-06
                      type: azure
                      base_url: "%1$s"
                      api_version: "2024-06-01"
                      deployments:
                        gpt-4o: gpt4o-prod
                      keys:
                        - id: a4
                          secret: "%2$s"
                    - id: azure-typo
                      type: azure
                      base_url: "%1$s"
                      deployments:
                        gpt-4o: gpt4o-prd
                      keys:
                        - id: a3
                          secret: "%2$s"
                    """.formatted(mock.baseUrl(), KEY), """
                    azure: azure:gpt-4o
                    azure-embed: azure:text-embedding-3-small
                    azure-v1: azure-v1:gpt-4o
                    azure-bad-key: azure-misconfigured:gpt-4o
                    azure-faults: azure-faults:gpt-4o
                    azure-typo: azure-typo:gpt-4o
                    azure-2024-06: azure-2024-06:gpt-4o
                    """));

    @Test
    void chatGoesToTheDeploymentWithApiKeyAndApiVersion() {
        ChatCompletion reply = gw.assertAnswers(
                ChatCompletionCreateParams.builder().model("azure").addUserMessage("Hello!").build(), TEXT);

        assertThat(reply.model()).isEqualTo(MODEL);
        RecordedRequest seen = gw.last();
        assertThat(seen.uri()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
        assertThat(seen.header("api-key")).isEqualTo(KEY);
        assertThat(seen.header("authorization")).isNull();
        assertThat(seen.headers().toString()).doesNotContain("client-key-never-forwarded");
    }

    @Test
    void theV1UrlCarriesTheDeploymentInTheBody() {
        gw.assertAnswers(ChatCompletionCreateParams.builder().model("azure-v1").addUserMessage("Hello!").build(), TEXT);

        RecordedRequest seen = gw.last();
        assertThat(seen.uri()).isEqualTo("/openai/v1/chat/completions");
        assertThat(json(seen.body()).path("model").asText()).isEqualTo("gpt4o-prod");
    }

    @Test
    void streamWithIncludeUsageSkipsAzuresFilterChunkAndEndsWithUsage() {
        assertThat(gw.assertStreamEndsWithUsage("azure", TEXT).completionTokens()).isEqualTo(PIECES);
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        List<ChatCompletionChunk> chunks = gw.stream("azure", false);
        assertThat(chunks.get(0).id()).as("the content-filter-only chunk is not relayed").isNotEmpty();

        gw.assertStreamHasNoUsageChunk("azure", TEXT);
    }

    @Test
    void embeddingsGoToTheEmbeddingDeployment() {
        CreateEmbeddingResponse r = gw.client().embeddings().create(EmbeddingCreateParams.builder()
                .model("azure-embed").inputOfArrayOfStrings(List.of("a", "b", "c")).build());

        assertThat(r.data()).hasSize(3);
        assertThat(r.data().get(0).embedding()).hasSize(16);
        assertThat(gw.last().uri()).isEqualTo("/openai/deployments/embed-prod/embeddings?api-version=2024-10-21");
    }

    @Test
    void azureErrorsReachTheSdkAsTheRightExceptions() {
        gw.assertErrorsReachTheSdk("azure-faults", 503, false, "azure-bad-key", "az-revoked");

        assertThatThrownBy(() -> gw.client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("azure-typo").addUserMessage("x").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).contains("DeploymentNotFound");
                });
    }

    /**
     * Regression (found by testing as a user): {@code PassThroughTranslator} (proxy-adapters)
     * relayed Azure's {@code data: {"error":...}} event, then {@code endOfStream} answered TRUNCATED
     * instead of FAILED (it only knew {@code [DONE]}), so the core added a second error event.
     */
    @Test
    void anErrorEventMidStreamIsOneSdkErrorAndNoDone() throws Exception {
        gw.assertErrorEventMidStream("azure", "error", MockContent.piece(MODEL, 1));
    }

    /**
     * Regression (found by testing as a user): JSON answers of translated providers lacked
     * {@code x-upstream-request-id}, which streams and relayed errors had.
     */
    @Test
    void theProvidersRequestIdComesBackWithAJsonAnswer() {
        HttpResponseFor<ChatCompletion> raw = gw.client().chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("azure").addUserMessage("Hello!").build());

        assertThat(raw.parse().choices()).hasSize(1);
        assertThat(raw.headers().values("x-upstream-request-id")).singleElement().asString().startsWith("mock-");
    }

    /**
     * Regression (found by testing as a user): on an {@code api_version} older than
     * 2024-09-01-preview, Azure refuses {@code stream_options} ("Unrecognized request argument
     * supplied"), and the adapter forwarded it anyway (providers.md 2.1: it now drops the parameter).
     */
    @Test
    void includeUsageDoesNotBreakAnOlderApiVersion() {
        List<ChatCompletionChunk> chunks = gw.stream("azure-2024-06", true);

        assertThat(SdkCalls.text(chunks)).isEqualTo(TEXT);
        assertThat(gw.last().uri()).endsWith("api-version=2024-06-01");
    }

    @Test
    void aClientDisconnectMidStreamClosesTheAzureStream() throws Exception {
        gw.assertDisconnectCancelsUpstream("azure");
    }
}
