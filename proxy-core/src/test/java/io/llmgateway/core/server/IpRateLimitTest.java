package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.limits.ClientIp;
import io.llmgateway.core.limits.IpRange;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link IpRateLimit} and {@link ClientAddress#client}: the request rate per client address, the
 * peer's or, through a trusted proxy, the one {@code X-Forwarded-For} names.
 */
class IpRateLimitTest {

    /** One request per 100 s after a burst of two: no test runs long enough for a token to come back. */
    @RegisterExtension
    final TestServer server = new TestServer("", """
              trusted_proxies: ["10.0.0.0/8", "2001:db8:ff::/48"]
              ip_limits:
                requests_per_second: 0.01
                burst: 2
            """);
    private final ConnectionAdmission admission = server.state.admission();

    private EmbeddedChannel connect(String peer) {
        PeerChannel ch = new PeerChannel(peer);
        ClientAddress address = admission.admit(ch);
        ch.pipeline().addLast(new IpRateLimit(admission, address), new EventRecorder());
        return ch;
    }

    private static HttpRequest head(String forwardedFor) {
        HttpRequest h = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions");
        if (forwardedFor != null) {
            h.headers().add("x-forwarded-for", forwardedFor);
        }
        return h;
    }

    /** Sends one request; returns null when it passed, else the answer's status and body. */
    private static String request(EmbeddedChannel ch, String forwardedFor) {
        InboundRequest.open(ch, new InboundRequest(null, "req-1", true, 0L));
        ch.writeInbound(head(forwardedFor), LastHttpContent.EMPTY_LAST_CONTENT);
        Object passed = ch.readInbound();
        if (passed != null) {
            ReferenceCountUtil.release(passed);
            ReferenceCountUtil.release(ch.readInbound());
            ch.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
            return null;
        }
        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(Long.parseLong(r.headers().get("retry-after"))).as("seconds until a token is back").isBetween(1L, 100L);
            return r.status().code() + " " + r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
            ch.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        }
    }

    @Test
    void aPeerOverItsRateIs429WithRetryAfterAndOthersAreNotAffected() {
        EmbeddedChannel a = connect("203.0.113.5");
        EmbeddedChannel sameAddress = connect("203.0.113.5");
        EmbeddedChannel other = connect("203.0.113.6");
        assertThat(request(a, null)).isNull();
        assertThat(request(sameAddress, null)).isNull();
        assertThat(request(a, null)).startsWith("429 ").contains("\"code\":\"rate_limit_exceeded\"")
                .contains("too many requests from 203.0.113.5: over 0.01 per second with a burst of 2 (server.ip_limits)");
        assertThat(a.isActive()).as("the connection stays usable").isTrue();
        assertThat(request(sameAddress, "198.51.100.1")).as("a forwarded address counts only through a trusted proxy")
                .startsWith("429 ");
        assertThat(request(other, null)).isNull();
        for (EmbeddedChannel ch : List.of(a, sameAddress, other)) {
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
    }

    @Test
    void throughATrustedProxyEachForwardedClientHasItsOwnRate() {
        EmbeddedChannel proxy = connect("10.0.0.7");
        assertThat(request(proxy, "198.51.100.1")).isNull();
        assertThat(request(proxy, "198.51.100.1")).isNull();
        assertThat(request(proxy, "198.51.100.1, 10.9.9.9")).startsWith("429 ").contains("from 198.51.100.1:");
        assertThat(request(proxy, "198.51.100.2")).isNull();
        assertThat(request(proxy, null)).as("no header: the proxy itself is the client").isNull();
        assertThat(request(proxy, "junk")).as("an unparsable hop: the proxy itself").isNull();
        assertThat(request(proxy, null)).startsWith("429 ").contains("from 10.0.0.7:");
        assertThat(proxy.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theClientIsTheRightMostUntrustedHop() {
        List<IpRange> trusted = List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8:ff::/48"));
        ClientIp peer = ClientIp.parse("10.0.0.1");
        assertThat(client(peer, trusted, "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client(peer, trusted, "1.1.1.1, 203.0.113.9, 10.1.1.1")).isEqualTo("203.0.113.9");
        assertThat(client(peer, trusted, "1.1.1.1", "203.0.113.9,10.1.1.1")).isEqualTo("203.0.113.9");
        assertThat(client(peer, trusted, "10.2.2.2, 10.1.1.1")).as("every hop trusted: the left-most")
                .isEqualTo("10.2.2.2");
        assertThat(client(peer, trusted, "forged, 10.1.1.1")).as("junk ends the walk at the last trusted hop")
                .isEqualTo("10.1.1.1");
        assertThat(client(peer, trusted, "[2001:db8::5]:1234, 2001:db8:ff::1")).isEqualTo("2001:db8::5");
        assertThat(client(peer, trusted, "203.0.113.9:5555")).isEqualTo("203.0.113.9");
        assertThat(client(peer, trusted, "")).isEqualTo("10.0.0.1");
        assertThat(client(peer, trusted)).isEqualTo("10.0.0.1");
    }

    private static String client(ClientIp peer, List<IpRange> trusted, String... forwardedFor) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (String v : forwardedFor) {
            h.add("X-Forwarded-For", v);
        }
        return ClientAddress.client(h, peer, trusted).toString();
    }
}
