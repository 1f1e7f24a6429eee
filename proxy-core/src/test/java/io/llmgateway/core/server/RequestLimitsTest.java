package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RequestLimits}: framing failures, body size, slow and stalled bodies are answered, then the connection closes. */
class RequestLimitsTest {

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final EventRecorder events = new EventRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(new RequestLimits(), events);

    @BeforeEach
    void openRequest() {
        server.open(channel, true);
    }

    private static HttpRequest head() {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions");
    }

    private static HttpContent chunk(int bytes, boolean last) {
        byte[] b = "x".repeat(bytes).getBytes(StandardCharsets.US_ASCII);
        return last ? new DefaultLastHttpContent(Unpooled.wrappedBuffer(b)) : new DefaultHttpContent(Unpooled.wrappedBuffer(b));
    }

    /** The one answer written; asserts it closes the connection and ends the request. */
    private String closingAnswer(int status) {
        FullHttpResponse r = channel.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(status);
            assertThat(r.headers().get("connection")).isEqualTo("close");
            assertThat(r.headers().get("x-request-id")).isEqualTo("req-1");
            assertThat(channel.isActive()).isFalse();
            assertThat(events.events).contains(RequestFinished.CLOSE);
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void aRequestWithinTheLimitsPassesUntouched() {
        HttpRequest h = head();
        h.headers().set("content-length", "2048");
        channel.writeInbound(h, chunk(1024, false), chunk(1024, true));
        assertThat((Object) channel.readInbound()).isSameAs(h);
        HttpContent c1 = channel.readInbound();
        HttpContent c2 = channel.readInbound();
        assertThat(c1.content().readableBytes() + c2.content().readableBytes()).isEqualTo(2048);
        c1.release();
        c2.release();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRequestLineTooLongIs414() {
        HttpRequest h = head();
        h.setDecoderResult(DecoderResult.failure(new TooLongHttpLineException("An HTTP line is larger than 4096 bytes.")));
        channel.writeInbound(h);
        assertThat(closingAnswer(414)).contains("\"code\":\"malformed_http\"").contains("larger than 4096 bytes");
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void headersTooLargeAre431() {
        HttpRequest h = head();
        h.setDecoderResult(DecoderResult.failure(new TooLongHttpHeaderException("HTTP header is larger than 8192 bytes.")));
        channel.writeInbound(h);
        assertThat(closingAnswer(431)).contains("\"code\":\"malformed_http\"");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aBadChunkIs400() {
        channel.writeInbound(head());
        HttpContent bad = new DefaultLastHttpContent();
        bad.setDecoderResult(DecoderResult.failure(new NumberFormatException("invalid chunk size")));
        channel.writeInbound(bad);
        assertThat(closingAnswer(400)).contains("malformed HTTP request: invalid chunk size");
        Object passed = channel.readInbound();
        assertThat(passed).isInstanceOf(HttpRequest.class);
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeAnyBody() {
        HttpRequest h = head();
        h.headers().set("content-length", "2049");
        channel.writeInbound(h);
        assertThat(closingAnswer(413)).contains("exceeds 2048 bytes (server.max_request_bytes)")
                .contains("\"code\":\"request_too_large\"");
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aBodyGrowingOverTheLimitIs413WhenItDoes() {
        channel.writeInbound(head(), chunk(2000, false));
        assertThat((Object) channel.readOutbound()).isNull();
        channel.writeInbound(chunk(49, false));
        assertThat(closingAnswer(413)).contains("request_too_large");
        channel.readInbound(); // the head
        HttpContent first = channel.readInbound();
        first.release();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void idleWhileTheBodyArrivesIs408() {
        channel.writeInbound(head(), chunk(10, false));
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(closingAnswer(408)).contains("\"code\":\"request_timeout\"")
                .contains("server.client_idle_timeout_ms");
        channel.readInbound();
        HttpContent c = channel.readInbound();
        c.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aBodyNotCompleteByTheBodyDeadlineIs408HoweverSteadilyItArrives() {
        channel.freezeTime();
        HttpRequest h = head();
        h.headers().set("content-length", "2000");
        channel.writeInbound(h);
        for (int i = 0; i < 59; i++) {
            channel.writeInbound(chunk(10, false));
            channel.advanceTimeBy(1, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
        }
        channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat((Object) channel.readOutbound()).isNull();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(closingAnswer(408)).contains("\"code\":\"request_timeout\"")
                .contains("did not arrive whole within 60000 ms (server.body_timeout_ms)");
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aBodyCompleteInTimeDisarmsTheDeadlineAndTheNextRequestGetsItsOwn() {
        channel.freezeTime();
        HttpRequest h = head();
        h.headers().set("transfer-encoding", "chunked");
        channel.writeInbound(h, chunk(10, false));
        channel.advanceTimeBy(59, TimeUnit.SECONDS);
        channel.writeInbound(chunk(10, true));
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat((Object) channel.readOutbound()).isNull();
        channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        server.open(channel, true);

        HttpRequest next = head();
        next.headers().set("content-length", "10");
        channel.writeInbound(next); // armed for 60 s from now: the first request's timer must not cut it early
        channel.advanceTimeBy(59, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat((Object) channel.readOutbound()).isNull();
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(closingAnswer(408)).contains("server.body_timeout_ms");
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRequestWithoutABodyHasNoBodyDeadline() {
        channel.freezeTime();
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health/live"));
        channel.advanceTimeBy(120, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isActive()).isTrue();
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private void releaseInbound() {
        Object m;
        while ((m = channel.readInbound()) != null) {
            ReferenceCountUtil.release(m);
        }
    }

    @Test
    void idleOnceTheBodyIsInIsNotItsConcern() {
        channel.writeInbound(head(), chunk(10, true));
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isActive()).isTrue();
        assertThat(events.events).isEmpty();
        channel.readInbound();
        HttpContent c = channel.readInbound();
        c.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
