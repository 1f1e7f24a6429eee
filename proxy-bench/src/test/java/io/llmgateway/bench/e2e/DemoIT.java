package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Quick start's first command: {@code demo} answers the README's examples with the built-in
 * echo provider, no key and no network; {@code serve} does the same on the config
 * {@code demo --print-config} prints.
 */
class DemoIT {

    /** A log line as {@code OneLineFormatter} writes it: UTC millisecond timestamp, one of the four level names. */
    private static final Pattern LOG_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (error|warn |info |debug) \\[[\\w.$]+] .*");

    @Test
    void demoAnswersChatStreamEmbeddingsAndModelsWithTheOpenAiSdk() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.launch(List.of(), List.of("demo", "--listen", "127.0.0.1:0"),
                Map.of(), "paranoid", null)) {
            OpenAIClient client = SdkCalls.client(gateway);
            ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o").addUserMessage("Hello!").build());
            assertThat(reply.choices()).singleElement()
                    .satisfies(c -> assertThat(c.message().content()).hasValue("Hello!"));
            assertThat(reply.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isPositive());

            List<ChatCompletionChunk> chunks;
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Count to 5")
                            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                            .build())) {
                chunks = stream.stream().toList();
            }
            assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(ch -> ch.delta().content().orElse(""))
                    .collect(Collectors.joining())).isEqualTo("Count to 5");
            assertThat(chunks.get(chunks.size() - 1).choices()).isEmpty();
            assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(u ->
                    assertThat(u.completionTokens()).isEqualTo(3));

            CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small").inputOfArrayOfStrings(List.of("first", "second")).build());
            assertThat(embeddings.data()).hasSize(2);
            assertThat(embeddings.data().get(0).embedding()).isNotEmpty()
                    .isNotEqualTo(embeddings.data().get(1).embedding());

            Completion legacy = client.completions().create(CompletionCreateParams.builder()
                    .model("gpt-3.5-turbo-instruct").prompt("Say this is a test").build());
            assertThat(legacy.choices()).singleElement().satisfies(c -> assertThat(c.text()).isEqualTo("Say this is a test"));

            assertThat(client.models().list().data().stream().map(Model::id).toList())
                    .contains("gpt-4o", "gpt-4o-mini", "text-embedding-3-small", "echo/gpt-4o");

            assertThat(gateway.output()).anyMatch(l -> l.contains("built-in echo provider"));
            assertThat(gateway.output()).as("every line is one event in the documented format")
                    .allMatch(l -> LOG_LINE.matcher(l).matches());
        }
    }

    @Test
    void serveRunsThePrintedDemoConfig() throws Exception {
        JarCommand printed = JarCommand.run("demo", "--print-config");
        assertThat(printed.exitCode()).as(printed.all()).isZero();
        assertThat(printed.out()).contains("${LLM_GATEWAY_ECHO_URL}").contains("gpt-4o: echo:gpt-4o");
        Path config = Files.createTempFile("demo-", ".yaml");
        Files.writeString(config, printed.out());
        try (GatewayProcess gateway = GatewayProcess.launch(List.of(), List.of("serve", "--config", config.toString()),
                Map.of("LLM_GATEWAY_DEMO_LISTEN", "127.0.0.1:0"), "paranoid", config)) {
            ChatCompletion reply = SdkCalls.client(gateway).chat().completions().create(
                    ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Echo me").build());
            assertThat(reply.choices().get(0).message().content()).hasValue("Echo me");
        }
    }
}
