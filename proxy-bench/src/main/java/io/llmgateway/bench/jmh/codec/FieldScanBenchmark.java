package io.llmgateway.bench.jmh.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import io.llmgateway.codec.json.InvalidRequestBodyException;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.json.RequestFields;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
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
 * The routing-field scan (the gateway's own tokenizer, which validates every byte and decodes
 * only the routing fields) against jackson-core over the same body: walking its tokens, and
 * reading it in full (databind is not a dependency, so "full parse" is the streaming parser
 * visiting every token and materialising every name, string and number, as a tree or object
 * mapper would). The body is a pooled direct composite of 16 KB socket-sized reads, as the
 * inbound handler accumulates it.
 *
 * <p>Two shapes: {@code chat}, a conversation of many short strings (the common request), and
 * {@code image}, one short question with a base64 image filling the body (one long string: the
 * shape that made jackson's text buffer grow with the body).
 *
 * <pre>
 * java -cp ... org.openjdk.jmh.Main FieldScan -f1 -wi 2 -i 3 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FieldScanBenchmark {

    private static final int READ_SIZE = 16 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    @Param({"1024", "204800", "2097152"})
    public int bodySize;

    @Param({"chat", "image"})
    public String shape;

    private ByteBuf body;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] bytes = shape.equals("image") ? imageRequest(bodySize) : CodecBodies.chatRequest(bodySize);
        CompositeByteBuf composite = PooledByteBufAllocator.DEFAULT.compositeDirectBuffer(Integer.MAX_VALUE);
        for (int from = 0; from < bytes.length; from += READ_SIZE) {
            int length = Math.min(READ_SIZE, bytes.length - from);
            composite.addComponent(true, PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(bytes, from, length));
        }
        body = composite;
    }

    /** A vision request of about {@code size} bytes, {@code model} after the image. */
    static byte[] imageRequest(int size) {
        String head = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is in this "
                + "image?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,";
        String tail = "\",\"detail\":\"auto\"}}]}],\"max_tokens\":300,\"model\":\"gpt-4o\",\"stream\":true}";
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder sb = new StringBuilder(size + 64).append(head);
        Random random = new Random(size);
        for (int n = Math.max(16, size - head.length() - tail.length()); n > 0; n--) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        body.release();
    }

    @Benchmark
    public RequestFields fieldScan() throws InvalidRequestBodyException {
        return RequestFieldScanner.scan(body);
    }

    /** jackson tokenizing everything but reading no value: what the scan cost when it was built on jackson. */
    @Benchmark
    public void tokenWalk(Blackhole bh) throws IOException {
        try (JsonParser parser = FACTORY.createNonBlockingByteBufferParser()) {
            ByteBufferFeeder feeder = (ByteBufferFeeder) parser.getNonBlockingInputFeeder();
            for (ByteBuffer view : body.nioBuffers()) {
                feeder.feedInput(view);
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.NOT_AVAILABLE && token != null) {
                    bh.consume(token);
                }
            }
            feeder.endOfInput();
            while (parser.nextToken() != null) {
                bh.consume(parser.currentToken());
            }
        }
    }

    /** The full-parse baseline: every token, every name, string and number materialised. */
    @Benchmark
    public void fullParse(Blackhole bh) throws IOException {
        try (JsonParser parser = FACTORY.createNonBlockingByteBufferParser()) {
            ByteBufferFeeder feeder = (ByteBufferFeeder) parser.getNonBlockingInputFeeder();
            for (ByteBuffer view : body.nioBuffers()) {
                feeder.feedInput(view);
                drain(parser, bh);
            }
            feeder.endOfInput();
            drain(parser, bh);
        }
    }

    private static void drain(JsonParser parser, Blackhole bh) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.NOT_AVAILABLE && token != null) {
            switch (token) {
                case FIELD_NAME -> bh.consume(parser.currentName());
                case VALUE_STRING -> bh.consume(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> bh.consume(parser.getNumberValue());
                default -> bh.consume(token);
            }
        }
    }
}
