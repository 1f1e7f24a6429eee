package io.llmgateway.bench.jmh.codec;

import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.codec.json.InvalidRequestBodyException;
import io.llmgateway.codec.json.ModelSplice;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.json.RequestFields;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Replacing the model of a scanned body: the zero-copy splice against copying the body into a new
 * buffer with the new value. Each operation releases what it built, so pooled memory is recycled.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ModelSpliceBenchmark {

    private static final String UPSTREAM_MODEL = "gpt-4o-2024-08-06";

    @Param({"1024", "204800"})
    public int bodySize;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private ByteBuf body;
    private RequestFields fields;

    @Setup(Level.Trial)
    public void setUp() throws InvalidRequestBodyException {
        byte[] bytes = CodecBodies.chatRequest(bodySize);
        body = alloc.directBuffer(bytes.length).writeBytes(bytes);
        fields = RequestFieldScanner.scan(body);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        body.release();
    }

    @Benchmark
    public void splice(Blackhole bh) {
        ByteBuf spliced = ModelSplice.replaceModel(body, fields, UPSTREAM_MODEL, alloc);
        bh.consume(spliced.readableBytes());
        spliced.release();
    }

    /** Baseline: the same bytes produced by copying the body around the new value. */
    @Benchmark
    public void copy(Blackhole bh) {
        int from = body.readerIndex();
        ByteBuf copy = alloc.directBuffer(body.readableBytes() + UPSTREAM_MODEL.length());
        copy.writeBytes(body, from, fields.modelStart());
        OpenAiErrors.writeJsonString(copy, UPSTREAM_MODEL);
        copy.writeBytes(body, from + fields.modelEnd(), body.readableBytes() - fields.modelEnd());
        bh.consume(copy.readableBytes());
        copy.release();
    }
}
