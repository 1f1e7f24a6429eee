package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link HeadDeadline}: a request head must be complete within the deadline, counted from the
 * connection's start, then from the first byte of each next head; an idle keep-alive connection
 * is not its concern.
 */
class HeadDeadlineTest {

    private static final String HEAD = "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\n";

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final List<String> heads = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    HeadDeadlineTest() {
        channel.freezeTime();
        PipeliningGate gate = new PipeliningGate();
        channel.pipeline().addLast(gate, new HeadDeadline(1_000), new HttpServerCodec(), new RequestSequencer(server.state, gate),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof HttpRequest h && h.decoderResult().isSuccess()) {
                            heads.add(h.uri()); // the codec also emits a failed head when the connection closes
                        }
                        ReferenceCountUtil.release(msg);
                    }
                });
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private void advanceMillis(long ms) {
        channel.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void aConnectionThatSendsNoHeadIsClosedAtTheDeadline() {
        advanceMillis(999);
        assertThat(channel.isActive()).isTrue();
        advanceMillis(1);
        assertThat(channel.isActive()).isFalse();
        assertThat((Object) channel.readOutbound()).as("nothing is answered").isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aHeadSentAByteAtATimeIsCutAtTheDeadlineNotKeptAliveByEachByte() {
        for (int i = 0; i < 9; i++) {
            send(HEAD.substring(i, i + 1));
            advanceMillis(100);
        }
        assertThat(channel.isActive()).isTrue();
        send(HEAD.substring(9, 10));
        advanceMillis(100);
        assertThat(channel.isActive()).isFalse();
        assertThat(heads).isEmpty();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aCompleteHeadStopsTheClockWhileItsRequestIsRead() {
        send(HEAD);
        assertThat(heads).containsExactly("/v1/chat/completions");
        advanceMillis(5_000);
        assertThat(channel.isActive()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void betweenRequestsTheClockWaitsForTheFirstByteOfTheNextHead() {
        send(HEAD + "{}");
        channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        advanceMillis(5_000);
        assertThat(channel.isActive()).as("an idle keep-alive connection is left to the idle timeout").isTrue();

        send("P");
        advanceMillis(999);
        assertThat(channel.isActive()).isTrue();
        send("OST /v1/chat/completions HTTP/1.1\r\n");
        advanceMillis(1);
        assertThat(channel.isActive()).isFalse();
        assertThat(heads).hasSize(1);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theNextHeadCompleteInTimeIsServed() {
        send(HEAD + "{}");
        channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        channel.runPendingTasks();
        advanceMillis(3_000);
        send(HEAD.substring(0, 20));
        advanceMillis(900);
        send(HEAD.substring(20) + "{}");
        advanceMillis(3_000);
        assertThat(channel.isActive()).isTrue();
        assertThat(heads).hasSize(2);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
