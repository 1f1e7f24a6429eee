package io.llmgateway.bench.jmh.adapters;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.codec.spi.ResponseTranslator;
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
    private final List<ByteBuf> out = new ArrayList<>(4);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        anthropic = AdapterFixtures.translator(Adapters.forType("anthropic"),
                AdapterFixtures.provider("anthropic", "api.anthropic.com", "/v1"));
        feed(anthropic, AdapterFixtures.ANTHROPIC_MESSAGE_START);
        feed(anthropic, AdapterFixtures.ANTHROPIC_BLOCK_START);
        gemini = AdapterFixtures.translator(Adapters.forType("gemini"),
                AdapterFixtures.provider("gemini", "generativelanguage.googleapis.com", ""));
        azure = AdapterFixtures.translator(Adapters.forType("azure"),
                AdapterFixtures.provider("azure", "res.openai.azure.com", ""));
        anthropicDelta = AdapterFixtures.direct(AdapterFixtures.ANTHROPIC_TEXT_DELTA);
        geminiChunk = AdapterFixtures.direct(AdapterFixtures.GEMINI_CHUNK);
        azureChunk = AdapterFixtures.direct(AdapterFixtures.AZURE_CHUNK);
        feed(gemini, AdapterFixtures.GEMINI_CHUNK); // the role chunk is emitted once, before measuring
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
        anthropicDelta.release();
        geminiChunk.release();
        azureChunk.release();
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
    public int anthropicTextDelta(Blackhole bh) throws Exception {
        anthropic.translateEvent(anthropicDelta, ByteBufAllocator.DEFAULT, out);
        return drain(bh);
    }

    @Benchmark
    public int geminiTextChunk(Blackhole bh) throws Exception {
        gemini.translateEvent(geminiChunk, ByteBufAllocator.DEFAULT, out);
        return drain(bh);
    }

    @Benchmark
    public int azureRelayedChunk(Blackhole bh) throws Exception {
        azure.translateEvent(azureChunk, ByteBufAllocator.DEFAULT, out);
        return drain(bh);
    }
}
