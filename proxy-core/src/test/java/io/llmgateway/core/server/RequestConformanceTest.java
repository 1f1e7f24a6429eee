package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RequestConformance}: HTTP version 505, Host 400, Expect 417, each answered at once, then the connection closes. */
class RequestConformanceTest {

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final EventRecorder events = new EventRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(RequestConformance.INSTANCE, events);

    @BeforeEach
    void openRequest() {
        server.open(channel, true);
    }

    private static HttpRequest head(HttpVersion version, String... headers) {
        HttpRequest h = new DefaultHttpRequest(version, HttpMethod.POST, "/v1/chat/completions");
        for (int i = 0; i < headers.length; i += 2) {
            h.headers().add(headers[i], headers[i + 1]);
        }
        return h;
    }

    private void passes(HttpRequest h) {
        channel.writeInbound(h);
        assertThat((Object) channel.readInbound()).isSameAs(h);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isActive()).isTrue();
    }

    /** The one answer written; asserts its status, that it closes, that it ends the request; returns its body. */
    private String refused(HttpRequest h, int status) {
        channel.writeInbound(h);
        assertThat((Object) channel.readInbound()).isNull();
        FullHttpResponse r = channel.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(status);
            assertThat(r.headers().get("connection")).isEqualTo("close");
            assertThat(r.headers().get("x-request-id")).isEqualTo("req-1");
            assertThat(channel.isActive()).isFalse();
            assertThat(events.events).containsExactly(RequestFinished.CLOSE);
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void aConformingHeadPassesUntouched() {
        passes(head(HttpVersion.HTTP_1_1, "Host", "gw.example.com:8080", "Expect", "100-continue"));
        passes(head(HttpVersion.HTTP_1_1, "Host", "[::1]:8080"));
        passes(head(HttpVersion.HTTP_1_1, "Host", "10.0.0.1"));
        passes(head(HttpVersion.HTTP_1_1, "Host", ""));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void http10NeedsNoHostAndHasNoExpectations() {
        passes(head(HttpVersion.HTTP_1_0));
        passes(head(HttpVersion.HTTP_1_0, "Host", "gw", "Expect", "tea"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aHigherMinorVersionOfHttp1IsServedAsHttp11() {
        passes(head(HttpVersion.valueOf("HTTP/1.2"), "Host", "gw"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anHttp11RequestWithoutHostIs400() {
        assertThat(refused(head(HttpVersion.HTTP_1_1), 400)).isEqualTo("{\"error\":{\"message\":\"the request has no "
                + "Host header (expected: one, as HTTP/1.1 requires)\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"invalid_host\"}}");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void twoHostHeadersAre400() {
        assertThat(refused(head(HttpVersion.HTTP_1_1, "Host", "a", "Host", "b"), 400))
                .contains("more than one Host header").contains("\"code\":\"invalid_host\"");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void twoHostHeadersAre400InHttp10Too() {
        assertThat(refused(head(HttpVersion.HTTP_1_0, "Host", "a", "Host", "a"), 400)).contains("\"code\":\"invalid_host\"");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aHostThatIsNotAHostIs400() {
        assertThat(refused(head(HttpVersion.HTTP_1_1, "Host", "a b/c@d"), 400))
                .contains("Host: a b/c@d is not a host (expected: host[:port])");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anotherMajorVersionIs505() {
        assertThat(refused(head(HttpVersion.valueOf("HTTP/7.7"), "Host", "gw"), 505)).isEqualTo("{\"error\":{\"message\":"
                + "\"HTTP version HTTP/7.7 is not supported (expected: HTTP/1.1 or HTTP/1.0)\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":\"http_version_not_supported\"}}");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anExpectationOtherThanContinueIs417() {
        assertThat(refused(head(HttpVersion.HTTP_1_1, "Host", "gw", "Expect", "tea"), 417)).isEqualTo("{\"error\":"
                + "{\"message\":\"Expect: tea cannot be met (expected: 100-continue or none)\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":\"expectation_failed\"}}");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anExpectationBesideContinueIs417() {
        assertThat(refused(head(HttpVersion.HTTP_1_1, "Host", "gw", "Expect", "100-Continue, tea"), 417))
                .contains("Expect: tea cannot be met");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
