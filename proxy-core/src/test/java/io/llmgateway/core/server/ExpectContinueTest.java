package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** {@link ExpectContinue}: 100 Continue, without Content-Length, to a request that asks for it. */
class ExpectContinueTest {

    private static HttpRequest post() {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions");
    }

    @Test
    void aRequestExpecting100ContinueGetsItAndPassesOn() {
        EmbeddedChannel channel = new EmbeddedChannel(ExpectContinue.INSTANCE);
        HttpRequest head = post();
        head.headers().set("expect", "100-continue");
        channel.writeInbound(head);
        FullHttpResponse r = channel.readOutbound();
        assertThat(r.status().code()).isEqualTo(100);
        assertThat(r.headers().contains("content-length")).isFalse();
        assertThat(r.content().isReadable()).isFalse();
        r.release();
        assertThat((Object) channel.readInbound()).isSameAs(head);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void otherRequestsPassOnWithoutAnswer() {
        EmbeddedChannel channel = new EmbeddedChannel(ExpectContinue.INSTANCE);
        HttpRequest head = post();
        channel.writeInbound(head);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat((Object) channel.readInbound()).isSameAs(head);
        HttpRequest http10 = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.POST, "/v1/embeddings");
        http10.headers().set("expect", "100-continue");
        channel.writeInbound(http10);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat((Object) channel.readInbound()).isSameAs(http10);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
