package io.llmgateway.bench.jmh.codec;

import io.llmgateway.codec.sse.SseEventSplitter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Splitting a 64-event OpenAI stream (about 16 KB) into events, fed as the upstream socket
 * delivers it: one TCP segment (1,460 bytes) or one 16 KB read at a time, so that events span
 * chunks. Every chunk is a retained slice of one pooled direct buffer (the splitter releases it),
 * every event is released after use; one operation is the whole stream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SseSplitBenchmark {

    private static final int EVENTS = 64;

    @Param({"1460", "16384"})
    public int chunkSize;

    private ByteBuf stream;
    private final List<ByteBuf> out = new ArrayList<>(EVENTS);

    @Setup(Level.Trial)
    public void setUp() {
        byte[] bytes = CodecBodies.chatStream(EVENTS);
        stream = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stream.release();
    }

    @Benchmark
    public int split(Blackhole bh) {
        SseEventSplitter splitter = new SseEventSplitter(1 << 20);
        int length = stream.readableBytes();
        int events = 0;
        for (int from = 0; from < length; from += chunkSize) {
            splitter.split(stream.retainedSlice(from, Math.min(chunkSize, length - from)), out);
            for (int i = 0; i < out.size(); i++) {
                ByteBuf event = out.get(i);
                bh.consume(event.readableBytes());
                event.release();
            }
            events += out.size();
            out.clear();
        }
        splitter.release();
        return events;
    }
}
