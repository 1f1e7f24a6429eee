package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PipeliningGate}: bytes to the codec in steps, none while a pipelined request waits; a deep
 * pipeline is slowed down, never refused.
 */
class PipeliningGateTest {

    @RegisterExtension
    final TestServer server = new TestServer("");

    /** Records the buffers the gate passes on (the codec's place). */
    private static final class Passed extends ChannelInboundHandlerAdapter {
        final List<ByteBuf> buffers = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            buffers.add((ByteBuf) msg);
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            buffers.forEach(b -> sb.append(b.toString(StandardCharsets.US_ASCII)));
            return sb.toString();
        }

        void release() {
            buffers.forEach(ByteBuf::release);
            buffers.clear();
        }
    }

    private static ByteBuf bytes(int n, char c) {
        return Unpooled.copiedBuffer(String.valueOf(c).repeat(n), StandardCharsets.US_ASCII);
    }

    @Test
    void aBufferOfOneStepPassesUntouchedALargerOneInSlicesOfAStep() {
        PipeliningGate gate = new PipeliningGate();
        Passed passed = new Passed();
        EmbeddedChannel channel = new EmbeddedChannel(gate, passed);
        ByteBuf small = bytes(100, 'a');
        channel.writeInbound(small);
        assertThat(passed.buffers).containsExactly(small);
        passed.release();

        channel.writeInbound(bytes(2 * PipeliningGate.STEP_BYTES + 10, 'b'));
        assertThat(passed.buffers).extracting(ByteBuf::readableBytes)
                .containsExactly(PipeliningGate.STEP_BYTES, PipeliningGate.STEP_BYTES, 10);
        passed.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void whilePausedBytesAreKeptAndReadingIsOffThenBothResumeInOrder() {
        PipeliningGate gate = new PipeliningGate();
        Passed passed = new Passed();
        EmbeddedChannel channel = new EmbeddedChannel(gate, passed);
        gate.pause();
        assertThat(channel.config().isAutoRead()).isFalse();
        channel.writeInbound(bytes(3, 'a'), bytes(4, 'b'));
        assertThat(passed.buffers).isEmpty();
        assertThat(gate.holdsBytes()).isTrue();

        gate.resume();
        assertThat(passed.text()).isEqualTo("aaabbbb");
        assertThat(gate.holdsBytes()).isFalse();
        assertThat(channel.config().isAutoRead()).isTrue();
        passed.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void discardingReleasesWhatIsKeptAndWhatArrivesAndReadsOn() {
        PipeliningGate gate = new PipeliningGate();
        Passed passed = new Passed();
        EmbeddedChannel channel = new EmbeddedChannel(gate, passed);
        gate.pause();
        ByteBuf kept = bytes(10, 'a');
        channel.writeInbound(kept);
        gate.discard();
        assertThat(kept.refCnt()).isZero();
        assertThat(channel.config().isAutoRead()).isTrue();
        ByteBuf late = bytes(10, 'b');
        channel.writeInbound(late);
        assertThat(late.refCnt()).isZero();
        assertThat(passed.buffers).isEmpty();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void keptBytesAreReleasedWhenTheConnectionCloses() {
        PipeliningGate gate = new PipeliningGate();
        EmbeddedChannel channel = new EmbeddedChannel(gate, new Passed());
        gate.pause();
        ByteBuf kept = bytes(10, 'a');
        channel.writeInbound(kept);
        channel.close();
        assertThat(kept.refCnt()).isZero();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    /**
     * The case: 200 pipelined requests in one read, answered one at a time later (as
     * proxied requests are). With Netty's default pipeline depth of 128 the codec failed and the
     * connection was reset; here every request is answered, in order, and while one is answered
     * no more than a step of the others is decoded.
     */
    @Test
    void twoHundredPipelinedRequestsInOneReadAreAllAnsweredInOrder() {
        PipeliningGate gate = new PipeliningGate();
        List<String> answered = new ArrayList<>();
        List<HttpRequest> waiting = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(gate,
                new HttpServerCodec(new HttpDecoderConfig(), PipeliningGate.MAX_DECODED_AHEAD),
                new RequestSequencer(server.state, gate), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof HttpRequest head) {
                            waiting.add(head);
                        }
                        ReferenceCountUtil.release(msg);
                    }
                });
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            pipeline.append("GET /r").append(i).append(" HTTP/1.1\r\nHost: gw\r\nX-Padding: ").append("p".repeat(80))
                    .append("\r\n\r\n");
        }
        assertThat(pipeline.length()).isGreaterThan(2 * PipeliningGate.STEP_BYTES);
        channel.writeInbound(Unpooled.copiedBuffer(pipeline, StandardCharsets.US_ASCII));

        assertThat(waiting).hasSize(1);
        assertThat(gate.holdsBytes()).as("the rest stays undecoded").isTrue();
        assertThat(channel.config().isAutoRead()).isFalse();
        while (!waiting.isEmpty()) {
            HttpRequest head = waiting.remove(0);
            answered.add(head.uri());
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            channel.writeAndFlush(r);
            channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
            channel.runPendingTasks();
            assertThat(waiting).as("one request at a time").hasSizeLessThanOrEqualTo(1);
        }
        assertThat(answered).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(answered.get(i)).isEqualTo("/r" + i);
        }
        assertThat(channel.isActive()).isTrue();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(gate.holdsBytes()).isFalse();
        int responses = 0;
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            responses += countOf(out.toString(StandardCharsets.US_ASCII), "HTTP/1.1 200 OK");
            out.release();
        }
        assertThat(responses).isEqualTo(200);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private static int countOf(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
