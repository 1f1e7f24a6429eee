package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.proxy.FailureClassifier.ConnectionFailure;
import io.llmgateway.core.upstream.Origin;
import io.llmgateway.core.upstream.PrematureCloseException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private static final ErrorClassification TOO_LONG = new ErrorClassification("context_length_exceeded", true);

    @Test
    void aClientErrorTheAdapterCallsTooLongGoesToAContextWindowFallback() {
        HttpHeaders none = new DefaultHttpHeaders();
        assertThat(FailureClassifier.upstreamError(400, TOO_LONG, null, none).error()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
        assertThat(FailureClassifier.upstreamError(413, TOO_LONG, null, none).error()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
        assertThat(FailureClassifier.upstreamError(400, ErrorClassification.UNKNOWN, null, none).error())
                .isEqualTo(ErrorKind.CLIENT_ERROR);
        assertThat(FailureClassifier.upstreamError(429, TOO_LONG, null, none).error())
                .as("only a client error can be a prompt too long").isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(FailureClassifier.upstreamError(401, ErrorClassification.UNKNOWN, null, none).error())
                .isEqualTo(ErrorKind.AUTH);
    }

    @Test
    void theWaitComesFromTheAdaptersTranslationElseFromTheHeaders() {
        HttpHeaders headers = new DefaultHttpHeaders().set("retry-after", "1.5").set("x-ratelimit-remaining-requests", "0");
        Result relayed = FailureClassifier.upstreamError(429, ErrorClassification.UNKNOWN, null, headers);
        assertThat(relayed.retryAfterMs()).isEqualTo(1_500);
        assertThat(relayed.status()).isEqualTo(429);
        assertThat(relayed.usage()).isNull();
        assertThat(relayed.headers().get("x-ratelimit-remaining-requests")).isEqualTo("0");
        UpstreamError translated = new UpstreamError(429, Unpooled.EMPTY_BUFFER, 7_000);
        assertThat(FailureClassifier.upstreamError(429, ErrorClassification.UNKNOWN, translated, headers).retryAfterMs())
                .isEqualTo(7_000);
        UpstreamError silent = new UpstreamError(429, Unpooled.EMPTY_BUFFER, -1);
        assertThat(FailureClassifier.upstreamError(429, ErrorClassification.UNKNOWN, silent, headers).retryAfterMs())
                .isEqualTo(1_500);
    }

    @Test
    void connectionFailuresSayWhatHappenedAndToWhom() {
        ConnectionFailure timeout = FailureClassifier.ofConnection(new ConnectTimeoutException("10 s"), "p");
        assertThat(timeout).isEqualTo(new ConnectionFailure(ErrorKind.TIMEOUT, GatewayError.UPSTREAM_TIMEOUT,
                "timed out connecting to upstream 'p'"));
        ConnectionFailure closed = FailureClassifier.ofConnection(
                new PrematureCloseException(new Origin(false, "h", 80), false), "p");
        assertThat(closed.kind()).isEqualTo(ErrorKind.CONNECT);
        assertThat(closed.error()).isEqualTo(GatewayError.UPSTREAM_DISCONNECTED);
        assertThat(closed.message()).startsWith("upstream 'p': ").contains("before answering");
        ConnectionFailure refused = FailureClassifier.ofConnection(
                new IOException("connect failed", new ConnectException("Connection refused: h/10.0.0.1:80")), "p");
        assertThat(refused).isEqualTo(new ConnectionFailure(ErrorKind.CONNECT, GatewayError.UPSTREAM_UNREACHABLE,
                "cannot reach upstream 'p': Connection refused: h/10.0.0.1:80"));
    }

    @Test
    void onlyAPooledConnectionClosedBeforeAnyAnswerIsStale() {
        PrematureCloseException early = new PrematureCloseException(new Origin(false, "h", 80), false);
        assertThat(FailureClassifier.isStaleConnection(early, false, 1)).isTrue();
        assertThat(FailureClassifier.isStaleConnection(early, false, 0)).as("a fresh connection").isFalse();
        assertThat(FailureClassifier.isStaleConnection(early, true, 1)).as("the answer had begun").isFalse();
        assertThat(FailureClassifier.isStaleConnection(new IOException("reset"), false, 1)).isFalse();
    }
}
