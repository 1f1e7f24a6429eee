package io.llmgateway.bench.jmh.adapters;

import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** Wire samples from the reference (providers.md sections 1.2, 3.4, 3.5, 4.4, 4.5) and translator set-up. */
final class AdapterFixtures {

    static final String CHAT_REQUEST = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a "
            + "weather bot.\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is the weather in Paris? "
            + "Here is a photo.\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\","
            + "\"detail\":\"auto\"}}]},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_abc123\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_abc123\",\"content\":\"{\\\"temp_c\\\":18,\\\"sky\\\":\\\"cloudy\\\"}\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Get current weather "
            + "for a city\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":"
            + "[\"city\"]}}}],\"tool_choice\":\"auto\",\"temperature\":0.2,\"top_p\":0.9,\"max_completion_tokens\":512,"
            + "\"stop\":[\"END\"],\"stream\":true,\"stream_options\":{\"include_usage\":true},\"user\":\"user-1234\"}";

    /** OpenAI chat chunks of a streamed answer: text, a tool call's start, one of its argument fragments. */
    static final String CHAT_TEXT_CHUNK = "data: {\"id\":\"chatcmpl-ABVBPDDpUwrXm0KGkEaA6y9Hu4diM\",\"object\":"
            + "\"chat.completion.chunk\",\"created\":1727304839,\"model\":\"gpt-4o-2024-05-13\",\"system_fingerprint\":"
            + "\"fp_67802d9a6d\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" of the rainbow, each\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}\n\n";
    static final String CHAT_TOOL_START = "data: {\"id\":\"chatcmpl-ABVBPDDpUwrXm0KGkEaA6y9Hu4diN\",\"object\":"
            + "\"chat.completion.chunk\",\"created\":1727304839,\"model\":\"gpt-4o-2024-05-13\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_abc123\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
    static final String CHAT_TOOL_ARGUMENTS = "data: {\"id\":\"chatcmpl-ABVBPDDpUwrXm0KGkEaA6y9Hu4diN\",\"object\":"
            + "\"chat.completion.chunk\",\"created\":1727304839,\"model\":\"gpt-4o-2024-05-13\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \\\"Pa\"}}]},"
            + "\"logprobs\":null,\"finish_reason\":null}]}\n\n";

    static final String ANTHROPIC_MESSAGE_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
            + "{\"id\":\"msg_019Q1hrJbZG26Fb9BQhrkHEr\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-opus-4-8\","
            + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":377,"
            + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1,\"service_tier\":\"standard\"}}}\n\n";

    static final String ANTHROPIC_BLOCK_START = "event: content_block_start\ndata: {\"type\":\"content_block_start\","
            + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";

    static final String ANTHROPIC_TEXT_DELTA = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
            + "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"'ll check the current weather in Paris for you.\"}}\n\n";

    static final String ANTHROPIC_MESSAGE = "{\"id\":\"msg_019Q1hrJbZG26Fb9BQhrkHEr\",\"type\":\"message\",\"role\":"
            + "\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"I'll check "
            + "the current weather in Paris for you.\"},{\"type\":\"tool_use\",\"id\":\"toolu_01NRLabsLyVHZPKxbKvkfSMn\","
            + "\"name\":\"get_weather\",\"input\":{\"location\":\"Paris\"}}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":377,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":1024,"
            + "\"output_tokens\":65,\"service_tier\":\"standard\"}}";

    static final String GEMINI_CHUNK = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" of the rainbow, each "
            + "with a different wavelength (red has the longest, violet the shortest).\"}],\"role\":\"model\"},\"index\":0}],"
            + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"tS77aIl-4ZvV7w_A9rTBBg\",\"usageMetadata\":"
            + "{\"candidatesTokenCount\":100,\"promptTokenCount\":20,\"promptTokensDetails\":[{\"modality\":\"TEXT\","
            + "\"tokenCount\":20}],\"thoughtsTokenCount\":260,\"totalTokenCount\":380}}\r\n\r\n";

    static final String GEMINI_RESPONSE = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"It is 18 degrees C and "
            + "cloudy in Paris.\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":"
            + "{\"promptTokenCount\":1117,\"candidatesTokenCount\":12,\"thoughtsTokenCount\":40,\"cachedContentTokenCount\":"
            + "1024,\"totalTokenCount\":1169,\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":1117}]},"
            + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"tS77aIl-4ZvV7w_A9rTBBg\"}";

    static final String AZURE_CHUNK = "data: {\"choices\":[{\"content_filter_results\":{\"hate\":{\"filtered\":false,"
            + "\"severity\":\"safe\"}},\"delta\":{\"content\":\"2\"},\"finish_reason\":null,\"index\":0,\"logprobs\":null}],"
            + "\"created\":1727304839,\"id\":\"chatcmpl-ABVBPDDpUwrXm0KGkEaA6y9Hu4diM\",\"model\":\"gpt-4o-2024-05-13\","
            + "\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_67802d9a6d\"}\n\n";

    private AdapterFixtures() {
    }

    /** A pooled direct buffer holding {@code s}, as the upstream socket would deliver it. */
    static ByteBuf direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBufAllocator.DEFAULT.directBuffer(b.length).writeBytes(b);
    }

    static ProviderSettings provider(String type, String host, String basePath) {
        return ProviderSettings.of(type, type, true, host, 443, basePath);
    }

    /** Prepares {@link #CHAT_REQUEST} for {@code type} and returns the call (caller releases it). */
    static UpstreamCall prepare(ProviderAdapter adapter, ProviderSettings p, String body) throws Exception {
        ByteBuf b = direct(body);
        try {
            return adapter.prepare(new OutboundRequest(Endpoint.CHAT_COMPLETIONS, p, "model-x", "secret", b,
                    RequestFieldScanner.scan(b), ByteBufAllocator.DEFAULT));
        } finally {
            b.release();
        }
    }

    static ResponseTranslator translator(ProviderAdapter adapter, ProviderSettings p) throws Exception {
        UpstreamCall call = prepare(adapter, p, CHAT_REQUEST);
        call.release();
        return call.translator();
    }
}
