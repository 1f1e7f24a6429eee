package io.llmgateway.bench.jmh.adapters;

import io.llmgateway.adapters.Adapters;
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
 * Cost of translating one upstream stream event into OpenAI chunk(s), the per-token hot path of a
 * translated stream: an Anthropic {@code content_block_delta} (text), a Gemini {@code alt=sse}
 * chunk (text + cumulative usage), and, for comparison, an Azure chunk that is only relayed. The
 * event is a pooled direct buffer (borrowed, as the core lends it); the output chunk is released
 * after each operation. Run with {@code -prof gc} for bytes/op (target: under 1 µs and 512 B).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamEventTranslationBenchmark {

    private ResponseTranslator anthropic;
    private ResponseTranslator gemini;
    private ResponseTranslator azure;
    private ByteBuf anthropicDelta;
    private ByteBuf geminiChunk;
    private ByteBuf azureChunk;
    private final StreamEventFixture fixture = new StreamEventFixture();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        anthropic = AdapterFixtures.translator(Adapters.forType("anthropic"),
                AdapterFixtures.provider("anthropic", "api.anthropic.com", "/v1"));
        fixture.feed(anthropic, AdapterFixtures.ANTHROPIC_MESSAGE_START);
        fixture.feed(anthropic, AdapterFixtures.ANTHROPIC_BLOCK_START);
        gemini = AdapterFixtures.translator(Adapters.forType("gemini"),
                AdapterFixtures.provider("gemini", "generativelanguage.googleapis.com", ""));
        azure = AdapterFixtures.translator(Adapters.forType("azure"),
                AdapterFixtures.provider("azure", "res.openai.azure.com", ""));
        anthropicDelta = AdapterFixtures.direct(AdapterFixtures.ANTHROPIC_TEXT_DELTA);
        geminiChunk = AdapterFixtures.direct(AdapterFixtures.GEMINI_CHUNK);
        azureChunk = AdapterFixtures.direct(AdapterFixtures.AZURE_CHUNK);
        fixture.feed(gemini, AdapterFixtures.GEMINI_CHUNK); // the role chunk is emitted once, before measuring
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        anthropicDelta.release();
        geminiChunk.release();
        azureChunk.release();
    }

    @Benchmark
    public int anthropicTextDelta(Blackhole bh) throws Exception {
        return fixture.translate(anthropic, anthropicDelta, bh);
    }

    @Benchmark
    public int geminiTextChunk(Blackhole bh) throws Exception {
        return fixture.translate(gemini, geminiChunk, bh);
    }

    @Benchmark
    public int azureRelayedChunk(Blackhole bh) throws Exception {
        return fixture.translate(azure, azureChunk, bh);
    }
}
