package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BodyBudget}: memory is reserved before a body is read, refused whole with a 503, and given back. */
class BodyBudgetTest {

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(1_000);
    private final BodyReservation reservation = new BodyReservation(budget);
    private final EventRecorder events = new EventRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(new BodyBudget(reservation), events);

    @BeforeEach
    void openRequest() {
        server.open(channel, true);
    }

    private static HttpRequest head(long contentLength) {
        HttpRequest h = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions");
        if (contentLength >= 0) {
            h.headers().set("content-length", contentLength);
        } else {
            h.headers().set("transfer-encoding", "chunked");
        }
        return h;
    }

    private static HttpContent chunk(int bytes, boolean last) {
        byte[] b = "x".repeat(bytes).getBytes(StandardCharsets.US_ASCII);
        return last ? new DefaultLastHttpContent(Unpooled.wrappedBuffer(b)) : new DefaultHttpContent(Unpooled.wrappedBuffer(b));
    }

    private void releaseInbound() {
        Object m;
        while ((m = channel.readInbound()) != null) {
            ReferenceCountUtil.release(m);
        }
    }

    /** The 503 written; asserts it closes the connection, carries retry-after and ends the request. */
    private String overloaded() {
        FullHttpResponse r = channel.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(503);
            assertThat(r.headers().get("retry-after")).isEqualTo("1");
            assertThat(r.headers().get("connection")).isEqualTo("close");
            assertThat(channel.isActive()).isFalse();
            assertThat(events.events).contains(RequestFinished.CLOSE);
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void aDeclaredLengthThatFitsIsReservedAtTheHeadAndGivenBackAtTheEnd() {
        channel.writeInbound(head(600));
        assertThat(budget.used()).isEqualTo(600);
        assertThat(reservation.bytes()).isEqualTo(600);
        channel.writeInbound(chunk(300, false), chunk(300, true));
        assertThat(budget.used()).as("no CAS per chunk of a declared length").isEqualTo(600);
        releaseInbound();
        channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        assertThat(budget.used()).isZero();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aDeclaredLengthThatDoesNotFitIs503BeforeAnyBodyByteAndOthersStillFit() {
        assertThat(budget.tryReserve(500)).isTrue(); // another connection's body
        channel.writeInbound(head(600));
        assertThat(overloaded()).contains("\"code\":\"server_overloaded\"").contains("\"type\":\"server_error\"")
                .contains("a request body of 600 bytes (server.max_buffered_bytes: 1000)");
        assertThat((Object) channel.readInbound()).as("the head goes no further: no 100 Continue").isNull();
        assertThat(budget.used()).isEqualTo(500);
        assertThat(budget.tryReserve(400)).as("smaller bodies still fit").isTrue();
        budget.release(900);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aChunkedBodyIsReservedAsItGrowsAndRefusedWhenItOutgrowsTheBudget() {
        channel.writeInbound(head(-1));
        assertThat(budget.used()).isZero();
        channel.writeInbound(chunk(400, false));
        assertThat(budget.used()).isEqualTo(400);
        channel.writeInbound(chunk(400, false));
        assertThat(budget.used()).isEqualTo(800);
        channel.writeInbound(chunk(400, false));
        assertThat(overloaded()).contains("a request body of 1200 bytes so far");
        assertThat(budget.used()).as("the request's end gave back what it held").isZero();
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aConnectionClosedMidBodyGivesItsReservationBack() {
        channel.writeInbound(head(900), chunk(100, false));
        assertThat(budget.used()).isEqualTo(900);
        channel.close();
        assertThat(budget.used()).isZero();
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
