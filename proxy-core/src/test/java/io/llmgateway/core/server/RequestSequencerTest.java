package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RequestSequencer}: one request at a time, the InboundRequest it opens, closing when idle or
 * draining; the {@link PipeliningGate} it pauses while it holds a request.
 */
class RequestSequencerTest {

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final PipeliningGate gate = new PipeliningGate();
    private final RequestSequencer sequencer = new RequestSequencer(server.state, gate);
    /** What passed the sequencer, with the request id open at that moment. */
    private final List<String> passed = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(gate, sequencer, new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            InboundRequest r = InboundRequest.current(ctx);
            passed.add(describe(msg) + "@" + (r == null ? "none" : r.requestId()));
            ctx.fireChannelRead(msg);
        }
    });

    private static String describe(Object msg) {
        if (msg instanceof HttpRequest r) {
            return r.uri();
        }
        return ((HttpContent) msg).content().toString(StandardCharsets.UTF_8);
    }

    private static HttpRequest head(String uri, String requestId) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
        r.headers().set("x-request-id", requestId);
        return r;
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private void releaseInbound() {
        Object m;
        while ((m = channel.readInbound()) != null) {
            io.netty.util.ReferenceCountUtil.release(m);
        }
    }

    @Test
    void holdsWhatArrivesWhileARequestIsAnsweredAndReplaysItWhenFinished() {
        channel.writeInbound(head("/a", "a"), new DefaultHttpContent(text("a1")), new DefaultLastHttpContent(text("a2")),
                head("/b", "b"), new DefaultLastHttpContent(text("b1")));
        assertThat(passed).containsExactly("/a@a", "a1@a", "a2@a");
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(sequencer.idle()).isFalse();

        channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        assertThat(passed).hasSize(3); // the replay waits until the finishing call has unwound
        channel.runPendingTasks();
        assertThat(passed).containsExactly("/a@a", "a1@a", "a2@a", "/b@b", "b1@b");
        assertThat(channel.config().isAutoRead()).isTrue();

        channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        assertThat(sequencer.idle()).isTrue();
        assertThat(channel.isActive()).isTrue();
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void opensTheInboundRequestAtTheHeadAndClearsItWhenFinished() {
        channel.writeInbound(head("/a", "abc-1"));
        InboundRequest r = InboundRequest.current(channel.pipeline().lastContext());
        assertThat(r.requestId()).isEqualTo("abc-1");
        assertThat(r.keepAlive()).isTrue();
        assertThat(r.snapshot()).isSameAs(server.snapshot());
        assertThat(r.receivedNanos()).isPositive();
        assertThat(sequencer.idle()).isFalse();
        channel.writeInbound(new DefaultLastHttpContent());
        channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        assertThat(InboundRequest.current(channel.pipeline().lastContext())).isNull();
        assertThat(sequencer.idle()).isTrue();
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aFinishedRequestThatClosesDropsWhatWasHeldAndReadsNothingMore() {
        channel.writeInbound(head("/a", "a"), new DefaultLastHttpContent(), head("/b", "b"),
                new DefaultLastHttpContent(text("held body")));
        channel.pipeline().fireUserEventTriggered(RequestFinished.CLOSE);
        channel.writeInbound(new DefaultHttpContent(text("late")));
        channel.runPendingTasks();
        assertThat(passed).containsExactly("/a@a", "@a");
        assertThat(sequencer.idle()).isFalse();
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aConnectionClosedWhileHoldingReadsOnAndDiscardsWhatArrives() {
        channel.writeInbound(head("/a", "a"), new DefaultLastHttpContent(), head("/b", "b"));
        assertThat(channel.config().isAutoRead()).isFalse();
        channel.pipeline().fireUserEventTriggered(RequestFinished.CLOSE);
        assertThat(channel.config().isAutoRead()).as("a lingering close drains the socket").isTrue();
        ByteBuf late = text("GET /c HTTP/1.1\r\nHost: gw\r\n\r\n");
        channel.writeInbound(late);
        assertThat(late.refCnt()).as("released before the codec").isZero();
        assertThat(passed).containsExactly("/a@a", "@a");
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void whileDrainingAFinishedRequestClosesTheConnection() {
        channel.writeInbound(head("/a", "a"));
        server.state.startDraining();
        channel.writeInbound(new DefaultLastHttpContent());
        channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        channel.runPendingTasks();
        assertThat(channel.isActive()).isFalse();
        ByteBuf flushed = channel.readOutbound();
        assertThat(flushed.isReadable()).isFalse();
        assertThat(passed).containsExactly("/a@a", "@a");
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRequestHeadWhileDrainingIsNotKeptAlive() {
        server.state.startDraining();
        channel.writeInbound(head("/a", "a"));
        assertThat(InboundRequest.current(channel.pipeline().lastContext()).keepAlive()).isFalse();
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void idleTimeoutClosesAConnectionWithoutARequestAndLeavesTheOthersToRequestLimits() {
        EventRecorder after = new EventRecorder();
        channel.pipeline().addLast(after);
        channel.writeInbound(head("/a", "a"));
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(after.events).containsExactly(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT); // reading: 408 is decided after
        channel.writeInbound(new DefaultLastHttpContent());
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(after.events).hasSize(1); // answering: the answer has its own timeouts
        assertThat(channel.isActive()).isTrue();

        channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(channel.isActive()).isFalse();
        releaseInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void contentWithoutARequestIsDropped() {
        channel.writeInbound(new DefaultHttpContent(text("stray")));
        assertThat(passed).isEmpty();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
