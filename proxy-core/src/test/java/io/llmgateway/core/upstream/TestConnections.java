package io.llmgateway.core.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Upstream connections carried by {@link EmbeddedChannel}s, for tests of what uses them without
 * sockets: what the connection sends appears as the channel's outbound messages (an
 * {@code HttpRequest} and its body), and what the test writes inbound ({@code HttpResponse},
 * {@code HttpContent}) is the answer, delivered to the listener as the real pipeline would.
 */
public final class TestConnections {

    private TestConnections() {
    }

    /** A fresh connection to {@code origin} on {@code channel}. */
    public static UpstreamConnection fresh(EmbeddedChannel channel, Origin origin) {
        UpstreamConnection c = new UpstreamConnection(origin, new LoopPool(channel.eventLoop(), 4, 60_000));
        channel.pipeline().addLast(c);
        return c;
    }

    /** A connection that already carried one clean exchange, as one taken from the pool would be. */
    public static UpstreamConnection reused(EmbeddedChannel channel, Origin origin) {
        UpstreamConnection c = fresh(channel, origin);
        c.send(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/earlier"), Unpooled.EMPTY_BUFFER,
                new UpstreamListener() {
                    @Override
                    public void onResponseHead(UpstreamConnection connection, HttpResponse response) {
                    }

                    @Override
                    public void onResponseContent(UpstreamConnection connection, HttpContent content) {
                        content.release();
                        if (content instanceof LastHttpContent) {
                            connection.release();
                        }
                    }

                    @Override
                    public void onReadComplete(UpstreamConnection connection) {
                    }

                    @Override
                    public void onUpstreamFailure(UpstreamConnection connection, Throwable cause, boolean begun) {
                    }
                });
        channel.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK),
                LastHttpContent.EMPTY_LAST_CONTENT);
        channel.releaseOutbound();
        return c;
    }
}
