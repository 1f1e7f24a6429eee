package io.llmgateway.bench.jmh.adapters;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of one stream event of Anthropic's {@code /v1/messages} inbound, the per-token hot path:
 * an OpenAI chat chunk (text, then a tool call's argument fragment) made into a
 * {@code content_block_delta} for a Messages client of an OpenAI provider, and, for comparison,
 * an Anthropic {@code content_block_delta} relayed to a Messages client of an Anthropic provider.
 * Pooled direct buffers, as the core lends them; the output is released after each operation. Run
 * with {@code -prof gc} for bytes/op (target: under 1 µs and 512 B per event).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessagesStreamEventBenchmark {

    static final String MESSAGES_REQUEST = "{\"model\":\"claude\",\"max_tokens\":256,\"stream\":true,\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"Name the colours of the rainbow.\"}]}";
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

    private ResponseTranslator translatedText;
    private ResponseTranslator translatedTool;
    private ResponseTranslator passThrough;
    private ByteBuf textChunk;
    private ByteBuf toolChunk;
    private ByteBuf anthropicDelta;
    private final List<ByteBuf> out = new ArrayList<>(4);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ProviderAdapter openAi = Adapters.forType("openai");
        ProviderSettings oai = AdapterFixtures.provider("openai", "api.openai.com", "/v1");
        translatedText = translator(openAi, oai);
        feed(translatedText, CHAT_TEXT_CHUNK); // message_start and the block start, once, before measuring
        translatedTool = translator(openAi, oai);
        feed(translatedTool, CHAT_TOOL_START);
        passThrough = translator(Adapters.forType("anthropic"),
                AdapterFixtures.provider("anthropic", "api.anthropic.com", "/v1"));
        feed(passThrough, AdapterFixtures.ANTHROPIC_MESSAGE_START);
        textChunk = AdapterFixtures.direct(CHAT_TEXT_CHUNK);
        toolChunk = AdapterFixtures.direct(CHAT_TOOL_ARGUMENTS);
        anthropicDelta = AdapterFixtures.direct(AdapterFixtures.ANTHROPIC_TEXT_DELTA);
    }

    private static ResponseTranslator translator(ProviderAdapter adapter, ProviderSettings p) throws Exception {
        ByteBuf b = AdapterFixtures.direct(MESSAGES_REQUEST);
        try {
            UpstreamCall call = adapter.prepare(new OutboundRequest(Endpoint.MESSAGES, p, "model-x", "secret", b,
                    RequestFieldScanner.scan(b), ByteBufAllocator.DEFAULT));
            call.release();
            return call.translator();
        } finally {
            b.release();
        }
    }

    private void feed(ResponseTranslator t, String event) throws Exception {
        ByteBuf e = AdapterFixtures.direct(event);
        try {
            t.translateEvent(e, ByteBufAllocator.DEFAULT, out);
        } finally {
            e.release();
        }
        drain(null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        textChunk.release();
        toolChunk.release();
        anthropicDelta.release();
    }

    private int drain(Blackhole bh) {
        int bytes = 0;
        for (int i = 0; i < out.size(); i++) {
            ByteBuf b = out.get(i);
            bytes += b.readableBytes();
            b.release();
        }
        out.clear();
        if (bh != null) {
            bh.consume(bytes);
        }
        return bytes;
    }

    @Benchmark
    public int chatTextChunkToTextDelta(Blackhole bh) throws Exception {
        translatedText.translateEvent(textChunk, ByteBufAllocator.DEFAULT, out);
        return drain(bh);
    }

    @Benchmark
    public int chatToolArgumentsToInputJsonDelta(Blackhole bh) throws Exception {
        translatedTool.translateEvent(toolChunk, ByteBufAllocator.DEFAULT, out);
        return drain(bh);
    }

    @Benchmark
    public int anthropicDeltaRelayed(Blackhole bh) throws Exception {
        passThrough.translateEvent(anthropicDelta, ByteBufAllocator.DEFAULT, out);
        return drain(bh);
    }
}
