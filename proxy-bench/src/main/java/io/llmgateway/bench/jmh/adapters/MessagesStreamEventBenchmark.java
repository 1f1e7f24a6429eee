package io.llmgateway.bench.jmh.adapters;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.netty.buffer.ByteBuf;
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

    private final StreamEventFixture fixture = new StreamEventFixture();
    private ResponseTranslator translatedText;
    private ResponseTranslator translatedTool;
    private ResponseTranslator passThrough;
    private ByteBuf textChunk;
    private ByteBuf toolChunk;
    private ByteBuf anthropicDelta;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ProviderAdapter openAi = Adapters.forType("openai");
        ProviderSettings oai = AdapterFixtures.provider("openai", "api.openai.com", "/v1");
        translatedText = StreamEventFixture.translator(openAi, Endpoint.MESSAGES, oai, MESSAGES_REQUEST);
        fixture.feed(translatedText, AdapterFixtures.CHAT_TEXT_CHUNK); // message_start and the block start, before measuring
        translatedTool = StreamEventFixture.translator(openAi, Endpoint.MESSAGES, oai, MESSAGES_REQUEST);
        fixture.feed(translatedTool, AdapterFixtures.CHAT_TOOL_START);
        passThrough = StreamEventFixture.translator(Adapters.forType("anthropic"), Endpoint.MESSAGES,
                AdapterFixtures.provider("anthropic", "api.anthropic.com", "/v1"), MESSAGES_REQUEST);
        fixture.feed(passThrough, AdapterFixtures.ANTHROPIC_MESSAGE_START);
        textChunk = AdapterFixtures.direct(AdapterFixtures.CHAT_TEXT_CHUNK);
        toolChunk = AdapterFixtures.direct(AdapterFixtures.CHAT_TOOL_ARGUMENTS);
        anthropicDelta = AdapterFixtures.direct(AdapterFixtures.ANTHROPIC_TEXT_DELTA);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        textChunk.release();
        toolChunk.release();
        anthropicDelta.release();
    }

    @Benchmark
    public int chatTextChunkToTextDelta(Blackhole bh) throws Exception {
        return fixture.translate(translatedText, textChunk, bh);
    }

    @Benchmark
    public int chatToolArgumentsToInputJsonDelta(Blackhole bh) throws Exception {
        return fixture.translate(translatedTool, toolChunk, bh);
    }

    @Benchmark
    public int anthropicDeltaRelayed(Blackhole bh) throws Exception {
        return fixture.translate(passThrough, anthropicDelta, bh);
    }
}
