package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.assertJsonEquals;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.resource;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.adapters.anthropic.AnthropicAdapter;
import io.llmgateway.adapters.gemini.GeminiAdapter;
import io.llmgateway.adapters.testing.Streams;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /v1/completions served by the chat-only translating adapters (reference 10.2). */
class LegacyCompletionsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_761_000_000L), ZoneOffset.UTC);
    private final AnthropicAdapter anthropic = new AnthropicAdapter(CLOCK);
    private final GeminiAdapter gemini = new GeminiAdapter(CLOCK, () -> "call_x");
    private final ProviderSettings claude = settings("claude", "anthropic", "api.anthropic.com", "/v1");
    private final ProviderSettings studio = settings("gemini", "gemini", "generativelanguage.googleapis.com", "");

    private static UpstreamCall prepare(ProviderAdapter a, ProviderSettings p, String body) throws RequestRejectedException {
        ByteBuf b = buf(body);
        try {
            return a.prepare(request(Endpoint.COMPLETIONS, p, "m-1", "k", b));
        } finally {
            b.release();
        }
    }

    @Test
    void promptBecomesOneUserMessageWithOpenAisDefaultLimit() throws Exception {
        assertThat(anthropic.supports(Endpoint.COMPLETIONS)).isTrue();
        assertThat(gemini.supports(Endpoint.COMPLETIONS)).isTrue();
        UpstreamCall call = prepare(anthropic, claude, "{\"model\":\"x\",\"prompt\":\"Say this is a test\",\"temperature\":0,"
                + "\"stop\":[\"END\",\"\\n\"],\"best_of\":1,\"echo\":false}");
        assertThat(call.pathAndQuery()).isEqualTo("/v1/messages");
        assertJsonEquals(drain(call.body()), "{\"model\":\"m-1\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Say this is a test\"}]}],\"temperature\":0,"
                + "\"stop_sequences\":[\"END\"]}");

        call = prepare(gemini, studio, "{\"model\":\"x\",\"prompt\":[\"Hi\"],\"max_tokens\":7,\"stream\":true}");
        assertThat(call.pathAndQuery()).isEqualTo("/v1beta/models/m-1:streamGenerateContent?alt=sse");
        assertJsonEquals(drain(call.body()), "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],"
                + "\"generationConfig\":{\"maxOutputTokens\":7}}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"prompt\":[\"a\",\"b\"]|prompt",
        "\"prompt\":[1,2]|prompt",
        "\"prompt\":\"a\",\"echo\":true|echo",
        "\"prompt\":\"a\",\"suffix\":\"z\"|suffix",
        "\"prompt\":\"a\",\"best_of\":3|best_of",
        "\"prompt\":\"a\",\"logprobs\":2|logprobs",
    })
    void rejectsWhatAChatProviderCannotDo(String fields, String param) {
        assertThatThrownBy(() -> prepare(anthropic, claude, "{\"model\":\"x\"," + fields + "}"))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.param()).isEqualTo(param));
    }

    @Test
    void responsesAreTextCompletions() throws Exception {
        UpstreamCall call = prepare(gemini, studio, "{\"model\":\"x\",\"prompt\":\"p\"}");
        call.release();
        ByteBuf in = buf(resource("gemini/response.json"));
        try {
            assertJsonEquals(drain(call.translator().translateBody(in, ALLOC)), "{\"id\":\"cmpl-tS77aIl-4ZvV7w_A9rTBBg\","
                    + "\"object\":\"text_completion\",\"created\":1761000000,\"model\":\"gemini-2.5-flash\",\"choices\":[{"
                    + "\"text\":\"It is 18 degrees C and cloudy in Paris.\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":52,\"total_tokens\":1169,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":1024},\"completion_tokens_details\":{\"reasoning_tokens\":40}}}");
        } finally {
            in.release();
        }
    }

    @Test
    void streamIsTextCompletionChunks() throws Exception {
        UpstreamCall call = prepare(anthropic, claude, "{\"model\":\"x\",\"prompt\":\"p\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}");
        call.release();
        String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"c\","
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":16}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        Streams.Result r = Streams.translate(call.translator(), Streams.events(stream));
        String head = "data: {\"id\":\"cmpl-msg_1\",\"object\":\"text_completion\",\"created\":1761000000,\"model\":\"c\"";
        assertThat(r.text()).isEqualTo(
                head + ",\"choices\":[{\"text\":\"Hi\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
                + head + ",\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"length\"}],\"usage\":null}\n\n"
                + head + ",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":16,\"total_tokens\":21,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"cache_write_tokens\":0}}}\n\n"
                + "data: [DONE]\n\n");
        assertThat(r.complete()).isTrue();
    }
}
