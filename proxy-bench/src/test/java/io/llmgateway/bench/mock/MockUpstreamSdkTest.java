package io.llmgateway.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, which validates every required field, accepts the mock's answers. */
class MockUpstreamSdkTest {

    private static MockUpstream mock;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.builder().chunks(4).embeddingDimensions(8).build());
        client = OpenAIOkHttpClient.builder()
                .baseUrl(mock.baseUrl() + "/v1")
                .apiKey("sk-test")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        mock.close();
    }

    @Test
    void chatCompletion() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("Hello").build());
        completion.validate();

        assertThat(completion.model()).isEqualTo("gpt-4o");
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).contains(MockContent.full("gpt-4o", 4));
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(OpenAiBodies.PROMPT_TOKENS + 4);
        RecordedRequest recorded = mock.recordedRequests().get(mock.recordedRequests().size() - 1);
        assertThat(recorded.path()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.header("authorization")).isEqualTo("Bearer sk-test");
    }

    @Test
    void streamingChatWithUsage() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("Hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            chunks = stream.stream().collect(Collectors.toList());
        }
        chunks.forEach(ChatCompletionChunk::validate);

        // role, 4 content pieces, finish, usage
        assertThat(chunks).hasSize(7);
        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        String content = chunks.stream()
                .flatMap(c -> c.choices().stream())
                .map(c -> c.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(content).isEqualTo(MockContent.full("gpt-4o-mini", 4));
        assertThat(chunks.get(5).choices().get(0).finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        ChatCompletionChunk usage = chunks.get(6);
        assertThat(usage.choices()).isEmpty();
        assertThat(usage.usage().orElseThrow().completionTokens()).isEqualTo(4);
    }

    @Test
    void legacyCompletion() {
        Completion completion = client.completions().create(CompletionCreateParams.builder()
                .model("gpt-3.5-turbo-instruct").prompt("Say this is a test").build());
        completion.validate();

        assertThat(completion.choices().get(0).text()).isEqualTo(MockContent.full("gpt-3.5-turbo-instruct", 4));
    }

    @Test
    void embeddingsAsTheSdkAsksForThem() {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("The quick brown fox").build());
        response.validate();

        assertThat(response.data()).hasSize(1);
        assertThat(response.data().get(0).embedding()).hasSize(8);
        assertThat(response.usage().promptTokens()).isEqualTo(OpenAiBodies.EMBEDDING_TOKENS_PER_INPUT);
    }

    @Test
    void embeddingsAsFloats() {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small")
                .input(EmbeddingCreateParams.Input.ofArrayOfStrings(List.of("a", "b", "c")))
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                .dimensions(4)
                .build());
        response.validate();

        assertThat(response.data()).extracting(e -> e.index()).containsExactly(0L, 1L, 2L);
        assertThat(response.data().get(2).embedding()).hasSize(4);
        assertThat(mock.recordedRequests().get(mock.recordedRequests().size() - 1).body())
                .contains("\"encoding_format\":\"float\"");
    }

    @Test
    void modelsListAndRetrieve() {
        List<Model> models = client.models().list().data();
        models.forEach(Model::validate);

        assertThat(models).extracting(Model::id).containsExactlyElementsOf(mock.options().models());
        assertThat(client.models().retrieve("gpt-4o").id()).isEqualTo("gpt-4o");
    }
}
