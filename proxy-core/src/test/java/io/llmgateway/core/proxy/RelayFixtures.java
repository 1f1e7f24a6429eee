package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.routing.Deployment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A client channel and a recording {@link RelayEnd} for relay tests: no sockets, no exchange. */
final class RelayFixtures {

    final EmbeddedChannel client = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    final ClientOutput out = new ClientOutput(client.pipeline().firstContext());
    final Ends end = new Ends();

    /** How the relay under test ended. */
    static final class Ends implements RelayEnd {
        LastHttpContent last;
        CompositeByteBuf buffered;
        boolean failed;
        GatewayError error;
        String message;

        @Override
        public void relayed(LastHttpContent lastPiece) {
            last = lastPiece;
        }

        @Override
        public void buffered(CompositeByteBuf body) {
            buffered = body;
        }

        @Override
        public void relayFailed(GatewayError e, String m) {
            failed = true;
            error = e;
            message = m;
        }
    }

    /** The key's secret of {@link #DEPLOYMENT}: what no client may see. */
    static final String SECRET = "sk-SECRET/xyz+789=";

    /** Provider {@code p}, key {@code k} with {@link #SECRET}; no adapter (relays never call it). */
    static final Deployment DEPLOYMENT = deployment(SECRET);

    static Deployment deployment(String secret) {
        KeyConfig key = new KeyConfig("k", secret, 0, 0, 0, 1.0, true);
        ProviderConfig provider = new ProviderConfig("p", "p", "http://h/v1",
                ProviderSettings.of("p", "openai-compatible", false, "h", 80, "/v1"), List.of(key), List.of());
        return new Deployment(provider, key, "m", null);
    }

    static HttpContent chunk(String s) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    static HttpContent last(String s) {
        return new DefaultLastHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    /** What reached the client so far (flushed), as text per written piece; the pieces are released. */
    List<String> written() {
        out.flushIfNeeded();
        List<String> pieces = new ArrayList<>();
        Object m;
        while ((m = client.readOutbound()) != null) {
            ByteBuf b = ((HttpContent) m).content();
            pieces.add(b.toString(StandardCharsets.UTF_8));
            ReferenceCountUtil.release(m);
        }
        return pieces;
    }

    /** Frees the relay and what it handed to the recording end; every piece written was read. */
    void close(ResponseRelay relay) {
        relay.release();
        if (end.last != null) {
            end.last.release();
        }
        if (end.buffered != null) {
            end.buffered.release();
        }
        assertThat(client.finishAndReleaseAll()).isFalse();
    }
}
