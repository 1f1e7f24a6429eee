package io.llmgateway.adapters.responses;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.assertJsonEquals;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.resource;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static io.llmgateway.adapters.testing.TestRequests.string;
import static io.llmgateway.adapters.testing.TestRequests.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.adapters.anthropic.AnthropicAdapter;
import io.llmgateway.adapters.azure.AzureAdapter;
import io.llmgateway.adapters.openai.OpenAiAdapter;
import io.llmgateway.adapters.testing.ChunkedSse;
import io.llmgateway.adapters.testing.Streams;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponsesOverChatTest {

    private final ResponsesOverChat openAi = new ResponsesOverChat(new OpenAiAdapter());
    private final ProviderSettings compatible = settings("vllm", "openai-compatible", "vllm.local", "/v1");
    private final ProviderSettings openAiProvider = settings("oai", "openai", "api.openai.com", "/v1");

    /** A chat stream: role, two text pieces, a tool call in three fragments, finish, usage, [DONE]. */
    static final String CHAT_STREAM = """
            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m-1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m-1","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m-1","choices":[{"index":0,"delta":{"content":"lo \\"é\\"\\n"},"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m-1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m-1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m-1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m-1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m-1","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19,"prompt_tokens_details":{"cached_tokens":4}}}

            data: [DONE]

            """;

    private UpstreamCall prepare(ResponsesOverChat adapter, ProviderSettings p, String body)
            throws RequestRejectedException {
        ByteBuf b = buf(body);
        try {
            return adapter.prepare(request(Endpoint.RESPONSES, p, "m-1", "sk-secret", b));
        } finally {
            b.release();
        }
    }

    private ResponsesTranslator translator(String body) throws RequestRejectedException {
        UpstreamCall call = prepare(openAi, compatible, body);
        call.release();
        return (ResponsesTranslator) call.translator();
    }

    @Test
    void everyInputItemBecomesItsChatMessage() throws Exception {
        UpstreamCall call = prepare(openAi, compatible, """
                {"model":"alias","instructions":"Be terse.","stream":true,"store":true,
                 "input":[
                   {"role":"user","content":[{"type":"input_text","text":"What is "},{"type":"input_text","text":"this?"}]},
                   {"type":"message","role":"user","content":[{"type":"input_text","text":"Look:"},
                     {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}]},
                   {"type":"message","role":"assistant","content":[{"type":"output_text","text":"A cat.","annotations":[]}]},
                   {"type":"reasoning","id":"rs_1","summary":[]},
                   {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},
                   {"type":"function_call","call_id":"call_2","name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"},
                   {"type":"function_call_output","call_id":"call_1","output":"18C"},
                   {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"21C"}]}
                 ],
                 "tools":[{"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object"},"strict":true}],
                 "tool_choice":{"type":"function","name":"get_weather"},
                 "text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"},"strict":true}},
                 "reasoning":{"effort":"low","summary":"auto"},
                 "max_output_tokens":300,"temperature":0.5,"top_p":0.9,"parallel_tool_calls":false,"user":"u-1",
                 "metadata":{"k":"v"}}
                """);
        try {
            assertThat(call.pathAndQuery()).isEqualTo("/v1/chat/completions");
            assertThat(call.translator()).isInstanceOf(ResponsesTranslator.class);
            assertJsonEquals(string(call.body()), """
                    {"model":"m-1","messages":[
                      {"role":"system","content":"Be terse."},
                      {"role":"user","content":"What is this?"},
                      {"role":"user","content":[{"type":"text","text":"Look:"},
                        {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]},
                      {"role":"assistant","content":"A cat."},
                      {"role":"assistant","content":null,"tool_calls":[
                        {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                        {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                      {"role":"tool","tool_call_id":"call_1","content":"18C"},
                      {"role":"tool","tool_call_id":"call_2","content":"21C"}],
                     "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                       "parameters":{"type":"object"},"strict":true}}],
                     "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                     "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}},
                     "reasoning_effort":"low","max_tokens":300,"temperature":0.5,"top_p":0.9,
                     "parallel_tool_calls":false,"user":"u-1","stream":true,"stream_options":{"include_usage":true}}
                    """);
        } finally {
            call.release();
        }
    }

    @Test
    void aStringInputIsOneUserMessage() throws Exception {
        UpstreamCall call = prepare(openAi, compatible, "{\"model\":\"a\",\"input\":\"Hi\",\"text\":{\"format\":{\"type\":\"json_object\"}}}");
        try {
            assertJsonEquals(string(call.body()), """
                    {"model":"m-1","messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"json_object"}}""");
        } finally {
            call.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "previous_response_id|{\"model\":\"a\",\"input\":\"Hi\",\"previous_response_id\":\"resp_1\"}",
        "conversation|{\"model\":\"a\",\"input\":\"Hi\",\"conversation\":\"conv_1\"}",
        "background|{\"model\":\"a\",\"input\":\"Hi\",\"background\":true}",
        "tools[1].type|{\"model\":\"a\",\"input\":\"Hi\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"},{\"type\":\"web_search\"}]}",
        "input[0].type|{\"model\":\"a\",\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}",
        "input[0].content[0].type|{\"model\":\"a\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\",\"file_id\":\"f\"}]}]}",
        "input|{\"model\":\"a\"}",
    })
    void whatOnlyAStatefulProviderDoesIsRefusedNamingTheField(String caseText) {
        String param = caseText.substring(0, caseText.indexOf('|'));
        String body = caseText.substring(caseText.indexOf('|') + 1);
        assertThatThrownBy(() -> prepare(openAi, compatible, body))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageStartingWith(param + ": ")
                .satisfies(e -> assertThat(((RequestRejectedException) e).param()).isEqualTo(param));
    }

    @Test
    void aChatAnswerBecomesAResponse() throws Exception {
        ResponsesTranslator t = translator("{\"model\":\"a\",\"input\":\"Hi\",\"instructions\":\"Be terse.\","
                + "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}]}");
        ByteBuf chat = buf("""
                {"id":"chatcmpl-9","object":"chat.completion","created":1700000000,"model":"m-1",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Let me look.",
                   "tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19,
                   "prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":2}}}
                """);
        try {
            assertJsonEquals(drain(t.translateBody(chat, ALLOC)), """
                    {"id":"resp_chatcmpl-9","object":"response","created_at":1700000000,"status":"completed",
                     "incomplete_details":null,"model":"m-1","background":false,"error":null,"instructions":"Be terse.",
                     "max_output_tokens":null,"metadata":{},"parallel_tool_calls":true,"previous_response_id":null,
                     "reasoning":{"effort":null,"summary":null},"store":false,"temperature":null,
                     "text":{"format":{"type":"text"}},"tool_choice":"auto",
                     "tools":[{"type":"function","name":"get_weather","description":null,"parameters":{"type":"object"},"strict":null}],
                     "top_p":null,"truncation":"disabled","user":null,
                     "output":[
                       {"id":"msg_chatcmpl-9","type":"message","status":"completed","role":"assistant",
                        "content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Let me look."}]},
                       {"id":"fc_call_a","type":"function_call","status":"completed","call_id":"call_a",
                        "name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}],
                     "usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":4},"output_tokens":7,
                       "output_tokens_details":{"reasoning_tokens":2},"total_tokens":19}}
                    """);
        } finally {
            chat.release();
        }
        Usage u = t.usage();
        assertThat(u.promptTokens()).isEqualTo(12);
        assertThat(u.completionTokens()).isEqualTo(7);
        assertThat(u.cachedTokens()).isEqualTo(4);
    }

    @Test
    void aTruncatedChatAnswerIsAnIncompleteResponse() throws Exception {
        ResponsesTranslator t = translator("{\"model\":\"a\",\"input\":\"Hi\",\"max_output_tokens\":3}");
        ByteBuf chat = buf("{\"id\":\"c\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":\"length\"}]}");
        try {
            JsonNode r = tree(drain(t.translateBody(chat, ALLOC)));
            assertThat(r.path("status").asText()).isEqualTo("incomplete");
            assertThat(r.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
            assertThat(r.path("max_output_tokens").asInt()).isEqualTo(3);
            assertThat(r.at("/usage/input_tokens").asInt()).as("required by the SDKs even when unknown").isZero();
        } finally {
            chat.release();
        }
        assertThat(t.usage()).as("no usage reported: the core estimates").isNull();
    }

    @Test
    void aChatStreamBecomesTheResponsesEventSequence() throws Exception {
        Streams.Result r = Streams.translate(translator("{\"model\":\"a\",\"input\":\"Hi\",\"stream\":true}"),
                Streams.events(CHAT_STREAM));

        assertThat(r.end()).isEqualTo(StreamEnd.COMPLETE);
        List<JsonNode> events = parse(r.text());
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly(
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
        }
        assertThat(r.text()).startsWith("event: response.created\ndata: {\"type\":\"response.created\",");
        assertThat(events.get(0).at("/response/status").asText()).isEqualTo("in_progress");
        assertThat(events.get(0).at("/response/id").asText()).isEqualTo("resp_chatcmpl-1");
        assertThat(events.get(0).at("/response/model").asText()).isEqualTo("m-1");
        assertThat(events.get(0).at("/response/created_at").asLong()).isEqualTo(1700000000L);
        assertThat(events.get(5).path("delta").asText()).isEqualTo("lo \"é\"\n");
        assertThat(events.get(6).path("text").asText()).isEqualTo("Hello \"é\"\n");
        assertThat(events.get(6).path("item_id").asText()).isEqualTo("msg_chatcmpl-1");
        assertThat(events.get(9).at("/item/call_id").asText()).isEqualTo("call_a");
        assertThat(events.get(9).at("/item/name").asText()).isEqualTo("get_weather");
        assertThat(events.get(9).path("output_index").asInt()).isEqualTo(1);
        assertThat(events.get(12).path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        JsonNode completed = events.get(14).path("response");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.at("/output/0/content/0/text").asText()).isEqualTo("Hello \"é\"\n");
        assertThat(completed.at("/output/1/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(completed.at("/usage/input_tokens").asInt()).isEqualTo(12);
        assertThat(completed.at("/usage/input_tokens_details/cached_tokens").asInt()).isEqualTo(4);
        assertThat(completed.at("/usage/total_tokens").asInt()).isEqualTo(19);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 13, 64, 100_000})
    void aStreamSplitAtAnyByteGivesTheSameEvents(int chunkSize) throws Exception {
        String whole = Streams.translate(translator("{\"model\":\"a\",\"input\":\"Hi\",\"stream\":true}"),
                Streams.events(CHAT_STREAM)).text();
        Streams.Result split = Streams.translateBuffers(translator("{\"model\":\"a\",\"input\":\"Hi\",\"stream\":true}"),
                ChunkedSse.events(CHAT_STREAM.replace("\n", "\r\n"), chunkSize));

        assertThat(split.end()).isEqualTo(StreamEnd.COMPLETE);
        assertThat(split.text()).isEqualTo(whole);
    }

    @Test
    void aStreamWithoutDoneIsTruncatedAndAnErrorEventEndsIt() throws Exception {
        String cut = CHAT_STREAM.substring(0, CHAT_STREAM.indexOf("data: [DONE]"));
        assertThat(Streams.translate(translator("{\"model\":\"a\",\"input\":\"Hi\",\"stream\":true}"),
                Streams.events(cut)).end()).isEqualTo(StreamEnd.TRUNCATED);

        String failing = CHAT_STREAM.substring(0, CHAT_STREAM.indexOf("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m-1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\""))
                + "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":null}}\n\n";
        Streams.Result r = Streams.translate(translator("{\"model\":\"a\",\"input\":\"Hi\",\"stream\":true}"),
                Streams.events(failing));
        assertThat(r.end()).isEqualTo(StreamEnd.FAILED);
        assertThat(r.text()).endsWith("data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":null}}\n\n");
    }

    @Test
    void anAnthropicStreamGoesThroughItsOwnTranslatorFirst() throws Exception {
        ResponsesOverChat claude = new ResponsesOverChat(new AnthropicAdapter());
        UpstreamCall call = prepare(claude, settings("claude", "anthropic", "api.anthropic.com", "/v1"),
                "{\"model\":\"a\",\"input\":\"Hi\",\"stream\":true,\"max_output_tokens\":100}");
        call.release();
        assertThat(call.pathAndQuery()).isEqualTo("/v1/messages");
        Streams.Result r = Streams.translate(call.translator(), Streams.events(resource("anthropic/stream.txt")));

        assertThat(r.end()).isEqualTo(StreamEnd.COMPLETE);
        List<JsonNode> events = parse(r.text());
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("response.completed");
        StringBuilder deltas = new StringBuilder();
        events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                .forEach(e -> deltas.append(e.path("delta").asText()));
        assertThat(deltas.toString()).isNotEmpty()
                .isEqualTo(events.get(events.size() - 1).at("/response/output/0/content/0/text").asText());
        assertThat(call.translator().usage().promptTokens()).isEqualTo(377);
    }

    @Test
    void openAiIsRelayedAsItIsWithItsUsageAndEnd() throws Exception {
        UpstreamCall call = prepare(openAi, openAiProvider, "{\"model\":\"alias\",\"input\":\"Hi\",\"stream\":true}");
        try {
            assertThat(call.pathAndQuery()).isEqualTo("/v1/responses");
            assertThat(call.headers()).contains(Map.entry("authorization", "Bearer sk-secret"));
            assertJsonEquals(string(call.body()), "{\"model\":\"m-1\",\"input\":\"Hi\",\"stream\":true}");
        } finally {
            call.release();
        }
        String stream = """
                event: response.created
                data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","usage":null}}

                event: response.output_text.delta
                data: {"type":"response.output_text.delta","sequence_number":1,"delta":"Hi"}

                event: response.completed
                data: {"type":"response.completed","sequence_number":2,"response":{"id":"resp_1","usage":{"input_tokens":5,"input_tokens_details":{"cached_tokens":1},"output_tokens":2,"total_tokens":7}}}

                """;
        Streams.Result r = Streams.translate(call.translator(), Streams.events(stream));
        assertThat(r.end()).isEqualTo(StreamEnd.COMPLETE);
        assertThat(r.text()).isEqualTo(stream);
        assertThat(call.translator().usage()).isEqualTo(new Usage(5, 2, 7, 1, 0));

        UpstreamCall cut = prepare(openAi, openAiProvider, "{\"model\":\"alias\",\"input\":\"Hi\",\"stream\":true}");
        cut.release();
        assertThat(Streams.translate(cut.translator(), Streams.events(stream.substring(0, stream.indexOf("event: response.completed"))))
                .end()).isEqualTo(StreamEnd.TRUNCATED);

        UpstreamCall failed = prepare(openAi, openAiProvider, "{\"model\":\"alias\",\"input\":\"Hi\",\"stream\":true}");
        failed.release();
        assertThat(Streams.translate(failed.translator(), Streams.events(
                "event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":0,\"response\":{\"id\":\"r\"}}\n\n"))
                .end()).isEqualTo(StreamEnd.FAILED);
    }

    @Test
    void openAiBodyIsRelayedAndItsErrorsClassified() throws Exception {
        UpstreamCall call = prepare(openAi, openAiProvider, "{\"model\":\"alias\",\"input\":\"Hi\"}");
        call.release();
        ByteBuf body = buf("{\"id\":\"resp_1\",\"object\":\"response\",\"output\":[],\"usage\":{\"input_tokens\":5,"
                + "\"output_tokens\":2,\"total_tokens\":7}}");
        try {
            ByteBuf relayed = call.translator().translateBody(body, ALLOC);
            String sent = string(body);
            body.setByte(body.writerIndex() - 1, ' ');
            assertThat(drain(relayed)).as("a duplicate of the upstream's bytes, not a copy")
                    .isEqualTo(sent.substring(0, sent.length() - 1) + ' ');
        } finally {
            body.release();
        }
        assertThat(call.translator().usage()).isEqualTo(Usage.of(5, 2));
        ByteBuf error = buf("{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\","
                + "\"type\":\"invalid_request_error\",\"param\":\"input\",\"code\":\"context_length_exceeded\"}}");
        try {
            UpstreamError e = call.translator().translateError(400, name -> null, error, ALLOC);
            e.body().release();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.classification().contextLengthExceeded()).isTrue();
        } finally {
            error.release();
        }
    }

    @Test
    void azureTakesTheResponsesApiOnItsV1Path() throws Exception {
        ResponsesOverChat azure = new ResponsesOverChat(new AzureAdapter());
        ProviderSettings p = io.llmgateway.adapters.testing.TestRequests.settings("azure", "res.openai.azure.com", "",
                Map.of(), Map.of(), "2024-10-21", Map.of("m-1", "gpt4o-deploy"), false, null, null, null, null);
        UpstreamCall call = prepare(azure, p, "{\"model\":\"alias\",\"input\":\"Hi\"}");
        try {
            assertThat(call.pathAndQuery()).isEqualTo("/openai/v1/responses");
            assertThat(tree(string(call.body())).path("model").asText()).isEqualTo("gpt4o-deploy");
            assertThat(call.translator()).isInstanceOf(ResponsesPassThrough.class);
        } finally {
            call.release();
        }
    }

    @Test
    void everyOtherOperationGoesToTheWrappedAdapter() throws Exception {
        ResponsesOverChat claude = new ResponsesOverChat(new AnthropicAdapter());
        assertThat(claude.supports(Endpoint.RESPONSES)).isTrue();
        assertThat(claude.supports(Endpoint.EMBEDDINGS)).isFalse();
        assertThat(claude.types()).containsExactly("anthropic");
        ByteBuf b = buf("{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        try {
            UpstreamCall call = claude.prepare(request(Endpoint.CHAT_COMPLETIONS,
                    settings("claude", "anthropic", "api.anthropic.com", "/v1"), "m", "k", b));
            call.release();
            assertThat(call.translator()).isNotInstanceOf(ResponsesTranslator.class);
        } finally {
            b.release();
        }
    }

    /** The data of every event of a Responses stream, checking that each names its type on its event: line. */
    static List<JsonNode> parse(String stream) {
        List<JsonNode> out = new ArrayList<>();
        for (String e : Streams.events(stream)) {
            String[] lines = e.split("\n");
            assertThat(lines[0]).startsWith("event: ");
            JsonNode data = tree(lines[1].substring("data: ".length()));
            assertThat(data.path("type").asText()).isEqualTo(lines[0].substring("event: ".length()));
            out.add(data);
        }
        return out;
    }
}
