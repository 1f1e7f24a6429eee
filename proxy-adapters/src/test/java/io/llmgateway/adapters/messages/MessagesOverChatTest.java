package io.llmgateway.adapters.messages;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.assertJsonEquals;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.resource;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static io.llmgateway.adapters.testing.TestRequests.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.adapters.bedrock.BedrockAdapter;
import io.llmgateway.adapters.gemini.GeminiAdapter;
import io.llmgateway.adapters.openai.OpenAiAdapter;
import io.llmgateway.adapters.testing.Streams;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesOverChatTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_761_000_000L), ZoneOffset.UTC);
    private final MessagesOverChat openAi = new MessagesOverChat(new OpenAiAdapter(), CLOCK);
    private final ProviderSettings provider = settings("oai", "openai-compatible", "llm.internal", "/v1");

    private UpstreamCall prepare(MessagesOverChat adapter, ProviderSettings p, String body)
            throws RequestRejectedException {
        ByteBuf b = buf(body);
        try {
            return adapter.prepare(request(Endpoint.MESSAGES, p, "gpt-4o-2024-08-06", "sk-test", b));
        } finally {
            assertThat(b.refCnt()).isEqualTo(1);
            b.release();
        }
    }

    private UpstreamCall prepare(String body) throws RequestRejectedException {
        return prepare(openAi, provider, body);
    }

    private static String minimal(String extra) {
        return "{\"model\":\"claude\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
    }

    @Test
    void canonicalMessagesRequestBecomesTheChatRequest() throws Exception {
        UpstreamCall call = prepare(resource("messages/request.json"));
        assertThat(call.pathAndQuery()).isEqualTo("/v1/chat/completions");
        assertThat(call.headers()).contains(java.util.Map.entry("authorization", "Bearer sk-test"));
        assertThat(call.passThrough()).isFalse();
        assertJsonEquals(drain(call.body()), resource("messages/chat_request.json"));
    }

    @Test
    void openAiItselfGetsMaxCompletionTokens() throws Exception {
        UpstreamCall call = prepare(openAi, settings("oai", "openai", "api.openai.com", "/v1"), minimal(""));
        JsonNode chat = tree(drain(call.body()));
        assertThat(chat.get("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(chat.has("max_tokens")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"any\"}                                   | \"required\"",
        "{\"type\":\"none\"}                                  | \"none\"",
        "{\"type\":\"tool\",\"name\":\"f\"}                   | {\"type\":\"function\",\"function\":{\"name\":\"f\"}}",
    })
    void toolChoices(String choice, String expected) throws Exception {
        JsonNode chat = tree(drain(prepare(minimal(",\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],"
                + "\"tool_choice\":" + choice)).body()));
        assertThat(chat.get("tool_choice")).isEqualTo(tree(expected));
        assertThat(chat.get("tools").get(0).get("function").get("parameters")).isEqualTo(tree("{\"type\":\"object\"}"));
    }

    @Test
    void parallelToolUseOffThinkingAndToolErrors() throws Exception {
        JsonNode chat = tree(drain(prepare("{\"model\":\"c\",\"max_tokens\":9000,\"thinking\":{\"type\":\"enabled\","
                + "\"budget_tokens\":8000},\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":true},"
                + "\"top_k\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":"
                + "\"t1\",\"is_error\":true,\"content\":[{\"type\":\"text\",\"text\":\"boom\"}]},{\"type\":\"text\","
                + "\"text\":\"go on\"}]},{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"x\","
                + "\"signature\":\"s\"},{\"type\":\"text\",\"text\":\"ok\"}]}]}").body()));
        assertThat(chat.get("reasoning_effort").asText()).isEqualTo("medium");
        assertThat(chat.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(chat.has("top_k")).isFalse();
        assertThat(chat.get("messages")).isEqualTo(tree("[{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":"
                + "\"Error: boom\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"go on\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"ok\"}]"));
    }

    @Test
    void refusesWhatChatCannotSay() {
        assertThatThrownBy(() -> prepare("{\"model\":\"c\",\"messages\":[]}"))
                .isInstanceOf(RequestRejectedException.class).hasMessageContaining("max_tokens");
        assertThatThrownBy(() -> prepare(minimal(",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web\"}]")))
                .isInstanceOf(RequestRejectedException.class).hasMessageContaining("tools[0]")
                .hasMessageContaining("web_search_20250305");
        assertThatThrownBy(() -> prepare("{\"model\":\"c\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"document\",\"source\":{}}]}]}"))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("messages[0].content[0].type: document");
        assertThatThrownBy(() -> prepare("{\"model\":\"c\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\","
                + "\"content\":\"x\"}]}"))
                .isInstanceOf(RequestRejectedException.class).hasMessageContaining("expected: user or assistant");
    }

    @Test
    void whatEachWrappedAdapterSupports() {
        MessagesOverChat bedrock = new MessagesOverChat(new BedrockAdapter());
        assertThat(openAi.supports(Endpoint.MESSAGES)).isTrue();
        assertThat(openAi.supports(Endpoint.MESSAGES_COUNT_TOKENS)).isFalse();
        assertThat(openAi.supports(Endpoint.EMBEDDINGS)).isTrue();
        assertThat(bedrock.supports(Endpoint.MESSAGES)).isTrue();
        assertThat(bedrock.supports(Endpoint.EMBEDDINGS)).isFalse();
        assertThat(bedrock.types()).isEqualTo(new BedrockAdapter().types());
    }

    @Test
    void otherOperationsGoToTheWrappedAdapterUnchanged() throws Exception {
        ByteBuf b = buf("{\"model\":\"gpt-4o\",\"messages\":[]}");
        try {
            UpstreamCall call = openAi.prepare(request(Endpoint.CHAT_COMPLETIONS, provider, "gpt-4o", "sk", b));
            assertThat(call.passThrough()).isTrue();
            assertThat(drain(call.body())).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":[]}");
        } finally {
            b.release();
        }
    }

    @Test
    void chatCompletionBecomesAMessage() throws Exception {
        UpstreamCall call = prepare(minimal(""));
        call.release();
        ByteBuf body = buf(resource("messages/chat_response.json"));
        try {
            assertJsonEquals(drain(call.translator().translateBody(body, ALLOC)),
                    resource("messages/message_response.json"));
        } finally {
            body.release();
        }
        assertThat(call.translator().usage()).isEqualTo(new Usage(1401, 65, 1466, 1024, 0));
    }

    @ParameterizedTest
    @CsvSource({"stop,end_turn", "length,max_tokens", "tool_calls,tool_use", "content_filter,refusal"})
    void stopReasons(String finish, String stop) {
        assertThat(StopReasons.of(finish)).isEqualTo(stop);
    }

    @Test
    void toolStreamBecomesTheMessagesEventSequence() throws Exception {
        UpstreamCall call = prepare(minimal(",\"stream\":true"));
        call.release();
        Streams.Result r = Streams.translate(call.translator(), Streams.events(resource("messages/chat_tool_stream.txt")));
        assertThat(r.end()).isEqualTo(StreamEnd.COMPLETE);
        assertThat(r.text()).isEqualTo(resource("messages/messages_tool_stream.txt"));
        assertThat(call.translator().usage()).isEqualTo(new Usage(30, 9, 39, 0, 0));
    }

    @Test
    void textStreamWithCachedTokens() throws Exception {
        UpstreamCall call = prepare(minimal(",\"stream\":true"));
        call.release();
        String chunk = "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"}}]}\n\n";
        Streams.Result r = Streams.translate(call.translator(), java.util.List.of(chunk.formatted("Hel"),
                chunk.formatted("lo \\\"you\\\""),
                "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n",
                "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}\n\n",
                "data: [DONE]\n\n"));
        assertThat(r.complete()).isTrue();
        assertThat(r.text()).contains("\"delta\":{\"type\":\"text_delta\",\"text\":\"lo \\\"you\\\"\"}}")
                .contains("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\",\"stop_sequence\":null},"
                        + "\"usage\":{\"input_tokens\":8,\"cache_read_input_tokens\":4,\"output_tokens\":2}}")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        assertThat(Streams.events(r.text())).hasSize(8);
    }

    @Test
    void streamCutShortIsTruncatedAndAnErrorEndsIt() throws Exception {
        UpstreamCall call = prepare(minimal(",\"stream\":true"));
        call.release();
        Streams.Result cut = Streams.translate(call.translator(), java.util.List.of(
                "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"));
        assertThat(cut.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(cut.text()).doesNotContain("message_stop");

        UpstreamCall failing = prepare(minimal(",\"stream\":true"));
        failing.release();
        String error = "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n";
        Streams.Result failed = Streams.translate(failing.translator(), java.util.List.of(error,
                "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"late\"}}]}\n\n"));
        assertThat(failed.end()).isEqualTo(StreamEnd.FAILED);
        assertThat(failed.text()).isEqualTo(error);
    }

    @Test
    void upstreamErrorsStayOpenAiShapedAndClassified() throws Exception {
        UpstreamCall call = prepare(minimal(""));
        call.release();
        ByteBuf body = buf("{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}");
        UpstreamError e = call.translator().translateError(400, name -> null, body, ALLOC);
        body.release();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.classification().contextLengthExceeded()).isTrue();
        assertThat(tree(drain(e.body())).get("error").get("code").asText()).isEqualTo("context_length_exceeded");
    }

    @Test
    void geminiStreamThroughItsOwnTranslator() throws Exception {
        MessagesOverChat gemini = new MessagesOverChat(new GeminiAdapter(), CLOCK);
        ProviderSettings g = settings("g", "gemini", "generativelanguage.googleapis.com", "/v1beta");
        UpstreamCall call = prepare(gemini, g, minimal(",\"stream\":true"));
        assertThat(call.pathAndQuery()).contains(":streamGenerateContent");
        call.release();
        Streams.Result r = Streams.translate(call.translator(), java.util.List.of(
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Bonjour\"}]}}],"
                        + "\"modelVersion\":\"gemini-2.5-flash\"}\n\n",
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"!\"}]},\"finishReason\":"
                        + "\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2,"
                        + "\"totalTokenCount\":7},\"modelVersion\":\"gemini-2.5-flash\"}\n\n"));
        assertThat(r.end()).isEqualTo(StreamEnd.COMPLETE);
        assertThat(r.text()).contains("\"text\":\"Bonjour\"").contains("\"text\":\"!\"")
                .contains("\"stop_reason\":\"end_turn\"").contains("\"input_tokens\":5").contains("\"output_tokens\":2")
                .endsWith("data: {\"type\":\"message_stop\"}\n\n");
    }
}
