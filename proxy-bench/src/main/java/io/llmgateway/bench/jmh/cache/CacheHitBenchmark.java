package io.llmgateway.bench.jmh.cache;

import io.llmgateway.bench.jmh.codec.CodecBodies;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.cache.CacheKey;
import io.llmgateway.core.cache.ChatStreamReplay;
import io.llmgateway.core.cache.ConcurrentMemoryResponseStore;
import io.llmgateway.core.cache.EndpointStreams;
import io.llmgateway.core.cache.RequestDigest;
import io.llmgateway.core.http.Responses;
import io.llmgateway.core.limits.Ticker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a response-cache hit costs the event loop, at concurrency 1: {@code digest} (the SHA-256 of
 * the canonical request, read from a pooled direct buffer as the body arrives), {@code plainHit}
 * (digest, look up in the in-memory store among {@link #entries} answers, make the 200 response)
 * and {@code streamHit} (digest, look up, replay the stored ~1 KB chat completion as chunks with
 * usage); next to it {@code messagesStreamHit} and {@code responsesStreamHit}, the same for a
 * {@code /v1/messages} and a {@code /v1/responses} request whose stored body (a ~1 KB Message,
 * Response) is replayed as its stream by the live translators. The request is a chat conversation
 * of {@code size} bytes with tools and sampling parameters (with {@code "store":false} for the two
 * others: the digest does not read the fields' meaning). Target: under 100 µs added per hit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheHitBenchmark {

    @Param({"1024", "16384", "131072"})
    public int size;

    /** Answers already in the store. */
    public int entries = 10_000;

    private ByteBuf body;
    private ByteBuf statelessBody;
    private ConcurrentMemoryResponseStore store;

    @Setup
    public void setUp() {
        byte[] request = CodecBodies.chatRequest(size);
        body = PooledByteBufAllocator.DEFAULT.directBuffer(request.length).writeBytes(request);
        store = new ConcurrentMemoryResponseStore(256L * 1024 * 1024, 1024 * 1024, Ticker.system());
        byte[] answer = completion();
        for (int i = 0; i < entries; i++) {
            byte[] other = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            store.put(RequestDigest.of("/chat/completions", "gpt-4o", "vk", other, 0, other.length), answer, 3_600_000);
        }
        store.put(RequestDigest.of("/chat/completions", "gpt-4o", "vk", body), answer, 3_600_000);
        byte[] stateless = ("{\"store\":false," + new String(request, 1, request.length - 1, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        statelessBody = PooledByteBufAllocator.DEFAULT.directBuffer(stateless.length).writeBytes(stateless);
        store.put(RequestDigest.of("/messages", "gpt-4o", "vk", statelessBody), message(), 3_600_000);
        store.put(RequestDigest.of("/responses", "gpt-4o", "vk", statelessBody), response(), 3_600_000);
    }

    @TearDown
    public void tearDown() {
        body.release();
        statelessBody.release();
    }

    /** A chat completion of about 1 KB, as an OpenAI upstream answers. */
    private static byte[] completion() {
        String text = "TCP is connection-oriented and reliable; UDP is connectionless. \\\"Use TCP\\\" for files, "
                .repeat(10);
        return ("{\"id\":\"chatcmpl-abc123\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":250,"
                + "\"completion_tokens\":200,\"total_tokens\":450}}").getBytes(StandardCharsets.UTF_8);
    }

    private static final String TEXT = "TCP is connection-oriented and reliable; UDP is connectionless. \\\"Use TCP\\\" "
            + "for files, ";

    /** A Message of about 1 KB, as Anthropic answers. */
    private static byte[] message() {
        return ("{\"id\":\"msg_01abc123\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + TEXT.repeat(10) + "\"}],\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":250,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":200}}").getBytes(StandardCharsets.UTF_8);
    }

    /** A Response of about 1.5 KB, as OpenAI answers. */
    private static byte[] response() {
        return ("{\"id\":\"resp_abc123\",\"object\":\"response\",\"created_at\":1700000000,\"status\":\"completed\","
                + "\"incomplete_details\":null,\"model\":\"gpt-4o-2024-08-06\",\"instructions\":null,\"store\":false,"
                + "\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"}},\"tool_choice\":\"auto\",\"tools\":[],"
                + "\"output\":[{\"type\":\"message\",\"id\":\"msg_abc123\",\"status\":\"completed\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"" + TEXT.repeat(10) + "\",\"annotations\":[]}]}],"
                + "\"usage\":{\"input_tokens\":250,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":200,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":450}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public CacheKey digest() {
        return RequestDigest.of("/chat/completions", "gpt-4o", "vk", body);
    }

    @Benchmark
    public int plainHit() {
        byte[] answer = store.get(RequestDigest.of("/chat/completions", "gpt-4o", "vk", body));
        FullHttpResponse r = Responses.json(HttpResponseStatus.OK, Unpooled.wrappedBuffer(answer), "req-1", false);
        int n = r.content().readableBytes();
        r.release();
        return n;
    }

    @Benchmark
    public int streamHit() {
        byte[] answer = store.get(RequestDigest.of("/chat/completions", "gpt-4o", "vk", body));
        return ChatStreamReplay.events(answer, true).length;
    }

    @Benchmark
    public int messagesStreamHit() {
        byte[] answer = store.get(RequestDigest.of("/messages", "gpt-4o", "vk", statelessBody));
        return EndpointStreams.replay(Endpoint.MESSAGES, answer, true).length;
    }

    @Benchmark
    public int responsesStreamHit() {
        byte[] answer = store.get(RequestDigest.of("/responses", "gpt-4o", "vk", statelessBody));
        return EndpointStreams.replay(Endpoint.RESPONSES, answer, true).length;
    }
}
