package io.llmgateway.adapters.anthropic;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.resource;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.adapters.testing.Streams;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /v1/messages} to an Anthropic provider: the body and the answer pass through; usage is read. */
class AnthropicMessagesPassThroughTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_761_000_000L), ZoneOffset.UTC);
    private static final String TOOL_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_019Q1hrJbZG26Fb9BQhrkHEr","type":"message","role":"assistant","model":"claude-opus-4-8","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":377,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1,"service_tier":"standard"}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"I"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01NRLabsLyVHZPKxbKvkfSMn","name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"locati"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"on\\": \\"Paris\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":65}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    private final AnthropicAdapter adapter = new AnthropicAdapter(CLOCK);
    private final ProviderSettings claude = settings("claude", "anthropic", "api.anthropic.com", "/v1");

    private UpstreamCall prepare(Endpoint endpoint, String body) throws Exception {
        ByteBuf b = buf(body);
        try {
            return adapter.prepare(request(endpoint, claude, "claude-sonnet-4-5-20250929", "sk-ant", b));
        } finally {
            b.release(); // a pass-through call holds its own references to the client's bytes
        }
    }

    @Test
    void bodyGoesAsItCameButForTheModel() throws Exception {
        String body = "{\"model\":\"claude\",\"max_tokens\":10,\"system\":[{\"type\":\"text\",\"text\":\"s\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        UpstreamCall call = prepare(Endpoint.MESSAGES, body);
        assertThat(call.pathAndQuery()).isEqualTo("/v1/messages");
        // The client's anthropic-version and anthropic-beta go through with its other headers.
        assertThat(call.headers()).containsExactly(Map.entry("x-api-key", "sk-ant"));
        assertThat(drain(call.body())).isEqualTo(body.replace("\"claude\"", "\"claude-sonnet-4-5-20250929\""));
        assertThat(call.translator()).isInstanceOf(AnthropicMessagesRelay.class);
    }

    @Test
    void countTokensIsRelayedAsIs() throws Exception {
        UpstreamCall call = prepare(Endpoint.MESSAGES_COUNT_TOKENS,
                "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        call.release();
        assertThat(call.pathAndQuery()).isEqualTo("/v1/messages/count_tokens");
        assertThat(call.passThrough()).isTrue();
        assertThat(adapter.supports(Endpoint.MESSAGES_COUNT_TOKENS)).isTrue();
    }

    @Test
    void streamIsRelayedByteForByteAndItsUsageRead() throws Exception {
        UpstreamCall call = prepare(Endpoint.MESSAGES, "{\"model\":\"claude\",\"max_tokens\":10,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        call.release();
        Streams.Result r = Streams.translate(call.translator(), Streams.events(TOOL_STREAM));
        assertThat(r.end()).isEqualTo(StreamEnd.COMPLETE);
        assertThat(r.text()).isEqualTo(TOOL_STREAM);
        assertThat(call.translator().usage()).isEqualTo(new Usage(377, 65, 442, 0, 0));
    }

    @Test
    void streamEndsFailedOnAnErrorEventAndTruncatedWithoutMessageStop() throws Exception {
        UpstreamCall call = prepare(Endpoint.MESSAGES, "{\"model\":\"c\",\"max_tokens\":1,\"messages\":[]}");
        call.release();
        List<String> events = Streams.events(TOOL_STREAM);
        Streams.Result cut = Streams.translate(call.translator(), events.subList(0, 4));
        assertThat(cut.end()).isEqualTo(StreamEnd.TRUNCATED);

        UpstreamCall other = prepare(Endpoint.MESSAGES, "{\"model\":\"c\",\"max_tokens\":1,\"messages\":[]}");
        other.release();
        String error = "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", "
                + "\"message\": \"Overloaded\"}}\n\n";
        Streams.Result failed = Streams.translate(other.translator(), List.of(events.get(0), error));
        assertThat(failed.end()).isEqualTo(StreamEnd.FAILED);
        assertThat(failed.text()).endsWith(error);
    }

    @Test
    void bodyIsRelayedWithItsUsage() throws Exception {
        UpstreamCall call = prepare(Endpoint.MESSAGES, "{\"model\":\"c\",\"max_tokens\":1,\"messages\":[]}");
        call.release();
        ByteBuf body = buf(resource("anthropic/response.json"));
        ByteBuf out = call.translator().translateBody(body, ALLOC);
        assertThat(drain(out)).isEqualTo(resource("anthropic/response.json"));
        body.release();
        assertThat(call.translator().usage()).isEqualTo(new Usage(1401, 65, 1466, 1024, 0));
    }

    @Test
    void errorsKeepAnthropicsShapeAndStatusAndAreClassified() throws Exception {
        UpstreamCall call = prepare(Endpoint.MESSAGES, "{\"model\":\"c\",\"max_tokens\":1,\"messages\":[]}");
        call.release();
        String overloaded = resource("anthropic/error_529.json");
        ByteBuf body = buf(overloaded);
        UpstreamError e = call.translator().translateError(529, name -> name.equals("retry-after") ? "3" : null, body,
                ALLOC);
        body.release();
        assertThat(e.status()).isEqualTo(529);
        assertThat(e.retryAfterMs()).isEqualTo(3000);
        assertThat(drain(e.body())).isEqualTo(overloaded);

        ByteBuf tooLong = buf(resource("anthropic/error_context.json"));
        UpstreamError c = call.translator().translateError(400, name -> null, tooLong, ALLOC);
        tooLong.release();
        c.body().release();
        assertThat(c.classification().contextLengthExceeded()).isTrue();
    }
}
