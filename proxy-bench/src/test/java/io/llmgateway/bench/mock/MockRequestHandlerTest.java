package io.llmgateway.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler alone on an {@link EmbeddedChannel}, with a frozen clock to check the pacing. */
class MockRequestHandlerTest {

    private final MockOptions options = MockOptions.builder().chunks(3).build();
    private final OpenAiProtocol protocol = new OpenAiProtocol(options);
    private final MockContext context = new MockContext(options, protocol);

    @AfterEach
    void releaseCache() {
        protocol.close();
    }

    @Test
    void pacesStreamEventsOnTheEventLoopTimer() {
        EmbeddedChannel channel = new EmbeddedChannel(new MockRequestHandler(context));
        channel.freezeTime();
        FullHttpRequest request = post("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        request.headers().set(MockHeaders.LATENCY_MS, "100").set(MockHeaders.CHUNK_INTERVAL_MS, "20");
        channel.writeInbound(request);

        assertThat((Object) channel.readOutbound()).isNull();

        channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        List<Object> first = drain(channel);
        assertThat(first.get(0)).isInstanceOf(HttpResponse.class);
        assertThat(events(first)).hasSize(2).last().asString().contains("\"content\":\"m:0 \"");

        channel.advanceTimeBy(20, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(events(drain(channel))).singleElement().asString().contains("\"content\":\"m:1 \"");

        channel.advanceTimeBy(20, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        List<Object> last = drain(channel);
        List<String> tail = events(last);
        assertThat(tail).hasSize(4);
        assertThat(tail.get(0)).contains("\"content\":\"m:2 \"");
        assertThat(tail.get(1)).contains("\"finish_reason\":\"stop\"");
        assertThat(tail.get(2)).contains("\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3");
        assertThat(tail.get(3)).isEqualTo("data: [DONE]\n\n");
        assertThat(last.get(last.size() - 1)).isInstanceOf(LastHttpContent.class);
        assertThat(context.counters.completedStreams()).isEqualTo(1);

        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void answersJsonFromTheCacheAndReleasesIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new MockRequestHandler(context));
        channel.writeInbound(post("{\"model\":\"m\"}"));
        channel.writeInbound(post("{\"model\":\"m\"}"));

        FullHttpResponse a = channel.readOutbound();
        FullHttpResponse b = channel.readOutbound();
        try {
            assertThat(a.content().toString(StandardCharsets.UTF_8)).isEqualTo(b.content().toString(StandardCharsets.UTF_8))
                    .contains("\"content\":\"m:0 m:1 m:2 \"");
            assertThat(protocol.cache.size()).isEqualTo(1);
        } finally {
            a.release();
            b.release();
        }
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void closingDuringTheLatencyIsAnAbandonedRequest() {
        EmbeddedChannel channel = new EmbeddedChannel(new MockRequestHandler(context));
        FullHttpRequest request = post("{}");
        request.headers().set(MockHeaders.LATENCY_MS, "1000");
        channel.writeInbound(request);
        channel.close();

        assertThat(context.counters.abandonedRequests()).isEqualTo(1);
        assertFalse(channel.finishAndReleaseAll());
    }

    private static FullHttpRequest post(String body) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions",
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    private static List<Object> drain(EmbeddedChannel channel) {
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            out.add(msg);
        }
        return out;
    }

    /** The SSE text of each content part, releasing the parts. */
    private static List<String> events(List<Object> messages) {
        List<String> out = new ArrayList<>();
        for (Object msg : messages) {
            if (msg instanceof HttpContent content) {
                ByteBuf buf = content.content();
                if (buf.isReadable()) {
                    out.add(buf.toString(StandardCharsets.UTF_8));
                }
                content.release();
            }
        }
        return out;
    }
}
