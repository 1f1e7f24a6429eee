package io.llmgateway.bench.jmh.adapters;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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

/**
 * Per-request costs of the translating adapters: the canonical OpenAI request (system prompt,
 * image, tool call and result, tools) translated to Anthropic and Gemini, and one non-stream
 * response translated back. Run with {@code -prof gc} for bytes/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BodyTranslationBenchmark {

    private ProviderAdapter anthropicAdapter;
    private ProviderAdapter geminiAdapter;
    private ProviderSettings anthropicProvider;
    private ProviderSettings geminiProvider;
    private ByteBuf anthropicMessage;
    private ByteBuf geminiResponse;
    private ResponseTranslator anthropicTranslator;
    private ResponseTranslator geminiTranslator;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        anthropicAdapter = Adapters.forType("anthropic");
        geminiAdapter = Adapters.forType("gemini");
        anthropicProvider = AdapterFixtures.provider("anthropic", "api.anthropic.com", "/v1");
        geminiProvider = AdapterFixtures.provider("gemini", "generativelanguage.googleapis.com", "");
        anthropicMessage = AdapterFixtures.direct(AdapterFixtures.ANTHROPIC_MESSAGE);
        geminiResponse = AdapterFixtures.direct(AdapterFixtures.GEMINI_RESPONSE);
        // translateBody only records usage: one translator serves every operation.
        anthropicTranslator = AdapterFixtures.translator(anthropicAdapter, anthropicProvider);
        geminiTranslator = AdapterFixtures.translator(geminiAdapter, geminiProvider);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        anthropicMessage.release();
        geminiResponse.release();
    }

    @Benchmark
    public int anthropicRequest() throws Exception {
        UpstreamCall call = AdapterFixtures.prepare(anthropicAdapter, anthropicProvider, AdapterFixtures.CHAT_REQUEST);
        int n = call.body().readableBytes();
        call.release();
        return n;
    }

    @Benchmark
    public int geminiRequest() throws Exception {
        UpstreamCall call = AdapterFixtures.prepare(geminiAdapter, geminiProvider, AdapterFixtures.CHAT_REQUEST);
        int n = call.body().readableBytes();
        call.release();
        return n;
    }

    @Benchmark
    public int anthropicResponse() throws Exception {
        ByteBuf out = anthropicTranslator.translateBody(anthropicMessage, ByteBufAllocator.DEFAULT);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public int geminiResponse() throws Exception {
        ByteBuf out = geminiTranslator.translateBody(geminiResponse, ByteBufAllocator.DEFAULT);
        int n = out.readableBytes();
        out.release();
        return n;
    }
}
