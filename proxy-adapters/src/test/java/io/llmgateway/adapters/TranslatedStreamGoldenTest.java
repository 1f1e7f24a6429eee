package io.llmgateway.adapters;

import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.resource;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static io.llmgateway.adapters.testing.TestRequests.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.adapters.anthropic.AnthropicAdapter;
import io.llmgateway.adapters.gemini.GeminiAdapter;
import io.llmgateway.adapters.messages.MessagesOverChat;
import io.llmgateway.adapters.openai.OpenAiAdapter;
import io.llmgateway.adapters.responses.ResponsesOverChat;
import io.llmgateway.adapters.testing.Streams;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact bytes of the Messages and Responses streams a chat provider's answer becomes: every
 * scenario in {@code fixtures/streams} (and the Anthropic and Gemini samples, through their own
 * translators first) against its golden file in {@code fixtures/streams/golden}, recorded before
 * the stream translators were optimised. The one exception is {@code escapes}: a provider's
 * non-canonical escapes ({@code \u00e9}, {@code \/}) are copied as the provider wrote them, so
 * its events are compared as parsed JSON.
 */
class TranslatedStreamGoldenTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_761_000_000L), ZoneOffset.UTC);
    private static final String MESSAGES_REQUEST = "{\"model\":\"claude\",\"max_tokens\":64,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String RESPONSES_REQUEST = "{\"model\":\"a\",\"input\":\"Hi\",\"stream\":true,"
            + "\"instructions\":\"Be terse.\",\"max_output_tokens\":100}";

    @ParameterizedTest(name = "{0} {1} via {2}")
    @CsvSource({
        "messages, streams/text.txt, openai-compatible, COMPLETE",
        "messages, streams/reasoning.txt, openai-compatible, COMPLETE",
        "messages, streams/tools.txt, openai-compatible, COMPLETE",
        "messages, streams/refusal.txt, openai-compatible, COMPLETE",
        "messages, streams/framing.txt, openai-compatible, COMPLETE",
        "messages, streams/escapes.txt, openai-compatible, COMPLETE",
        "messages, streams/error.txt, openai-compatible, FAILED",
        "messages, streams/truncated.txt, openai-compatible, TRUNCATED",
        "messages, gemini/stream.txt, gemini, COMPLETE",
        "responses, streams/text.txt, openai-compatible, COMPLETE",
        "responses, streams/reasoning.txt, openai-compatible, COMPLETE",
        "responses, streams/tools.txt, openai-compatible, COMPLETE",
        "responses, streams/refusal.txt, openai-compatible, COMPLETE",
        "responses, streams/framing.txt, openai-compatible, COMPLETE",
        "responses, streams/escapes.txt, openai-compatible, COMPLETE",
        "responses, streams/error.txt, openai-compatible, FAILED",
        "responses, streams/truncated.txt, openai-compatible, TRUNCATED",
        "responses, anthropic/stream.txt, anthropic, COMPLETE",
        "responses, anthropic/stream_shapes.txt, anthropic, COMPLETE",
        "responses, gemini/stream.txt, gemini, COMPLETE",
    })
    void translatedStreamIsByteForByteItsGolden(String api, String input, String providerType, StreamEnd end)
            throws Exception {
        Streams.Result r = Streams.translate(translator(api, providerType).translator(), Streams.events(resource(input)));

        assertThat(r.end()).isEqualTo(end);
        String golden = resource("streams/golden/" + api + "_" + providerType + "_" + input.replace('/', '_'));
        if (input.endsWith("escapes.txt")) {
            assertSameEvents(r.text(), golden);
        } else {
            assertThat(r.text()).isEqualTo(golden);
        }
    }

    private static void assertSameEvents(String actual, String expected) {
        List<String> a = Streams.events(actual);
        List<String> e = Streams.events(expected);
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < a.size(); i++) {
            String[] al = a.get(i).split("\n", 2);
            String[] el = e.get(i).split("\n", 2);
            assertThat(al[0]).isEqualTo(el[0]);
            String ad = a.get(i).substring(a.get(i).indexOf("data: ") + 6).trim();
            String ed = e.get(i).substring(e.get(i).indexOf("data: ") + 6).trim();
            assertThat(tree(ad)).as("event %d:%n%s", i, a.get(i)).isEqualTo(tree(ed));
        }
    }

    private static UpstreamCall translator(String api, String providerType) throws Exception {
        ProviderAdapter chat = switch (providerType) {
            case "anthropic" -> new AnthropicAdapter(CLOCK);
            case "gemini" -> new GeminiAdapter(CLOCK, () -> "call_gemini");
            default -> new OpenAiAdapter();
        };
        ProviderSettings p = settings("p", providerType, "llm.internal", "/v1");
        boolean messages = api.equals("messages");
        ProviderAdapter adapter = messages ? new MessagesOverChat(chat, CLOCK) : new ResponsesOverChat(chat, CLOCK);
        ByteBuf body = buf(messages ? MESSAGES_REQUEST : RESPONSES_REQUEST);
        try {
            UpstreamCall call = adapter.prepare(request(messages ? Endpoint.MESSAGES : Endpoint.RESPONSES, p, "m-1",
                    "sk-test", body));
            call.release();
            return call;
        } finally {
            body.release();
        }
    }
}
