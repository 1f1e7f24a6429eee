package io.llmgateway.core.proxy;

import static io.llmgateway.core.proxy.RelayFixtures.chunk;
import static io.llmgateway.core.proxy.RelayFixtures.last;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TranslatedStreamRelayTest {

    /**
     * Upper-cases each event's data into one client event (JSON data is passed as is); "bad" cannot
     * be translated; ends COMPLETE after an "end" event, TRUNCATED without, FAILED after a "fail"
     * event or a JSON one.
     */
    private static final class UpperCase implements ResponseTranslator {
        boolean sawEnd;
        boolean sawFail;

        @Override
        public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void translateEvent(ByteBuf event, ByteBufAllocator alloc, List<ByteBuf> out)
                throws TranslationException {
            String data = event.toString(StandardCharsets.UTF_8).trim().substring("data: ".length());
            if (data.equals("bad")) {
                throw new TranslationException("cannot read 'bad'");
            }
            sawEnd |= data.equals("end");
            sawFail |= data.equals("fail") || data.startsWith("{");
            out.add(ByteBufUtil.writeUtf8(alloc, "data: " + (data.startsWith("{") ? data : data.toUpperCase()) + "\n\n"));
        }

        @Override
        public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
            if (sawFail) {
                return StreamEnd.FAILED;
            }
            if (!sawEnd) {
                return StreamEnd.TRUNCATED;
            }
            out.add(ByteBufUtil.writeUtf8(alloc, "data: [DONE]\n\n"));
            return StreamEnd.COMPLETE;
        }

        @Override
        public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Usage usage() {
            return sawEnd ? Usage.of(3, 4) : null;
        }
    }

    private final RelayFixtures f = new RelayFixtures();
    private final TranslatedStreamRelay relay = new TranslatedStreamRelay(f.out, 1024, new UpperCase(),
            RelayFixtures.DEPLOYMENT, 25, f.end);

    @AfterEach
    void close() {
        f.close(relay);
    }

    @Test
    void translatesEventByEventAndAddsTheClosingEventsOfACompleteStream() {
        relay.onContent(chunk("data: a\n\ndata: b"), false);
        assertThat(f.written()).containsExactly("data: A\n\n");
        relay.onContent(last("\n\ndata: end\n\n"), true);
        assertThat(f.written()).containsExactly("data: B\n\n", "data: END\n\n", "data: [DONE]\n\n");
        assertThat(f.end.last).isNotNull();
        assertThat(f.end.failed).isFalse();
        assertThat(relay.usage()).isEqualTo(Usage.of(3, 4));
        assertThat(relay.usageEstimated()).isFalse();
    }

    @Test
    void aTruncatedStreamFailsWithoutDone() {
        relay.onContent(last("data: a\n\n"), true);
        assertThat(f.written()).containsExactly("data: A\n\n");
        assertThat(f.end.error).isEqualTo(GatewayError.UPSTREAM_STREAM_TRUNCATED);
        assertThat(relay.usage()).as("no report: the prompt's estimate, no text relayed").isEqualTo(Usage.of(25, 0));
        assertThat(relay.usageEstimated()).isTrue();
    }

    @Test
    void anUpstreamErrorAlreadyTranslatedEndsTheStreamWithNoSecondError() {
        relay.onContent(last("data: fail\n\n"), true);
        assertThat(f.written()).containsExactly("data: FAIL\n\n");
        assertThat(f.end.failed).isTrue();
        assertThat(f.end.error).isNull();
    }

    @Test
    void anEventTheAdapterCannotTranslateFailsTheStreamAndFreesTheRest() {
        relay.onContent(chunk("data: a\n\ndata: bad\n\ndata: c\n\n"), false);
        assertThat(f.written()).containsExactly("data: A\n\n");
        assertThat(f.end.error).isEqualTo(GatewayError.RESPONSE_TRANSLATION_FAILED);
        assertThat(f.end.message).contains("cannot read 'bad'");
        assertThat(RelayScratch.events()).isEmpty();
        assertThat(RelayScratch.translated()).isEmpty();
    }

    @Test
    void aTranslatedErrorEventQuotingTheSecretIsReplacedByTheGatewaysOwn() {
        String quoting = "data: {\"error\":{\"message\":\"invalid x-api-key \\u0073k-SECRET\\u002fxyz+789=\","
                + "\"type\":\"authentication_error\"}}\n\n";
        relay.onContent(chunk("data: a\n\n"), false);
        relay.onContent(last(quoting), true);
        assertThat(f.written()).containsExactly("data: A\n\n", "data: {\"error\":{\"message\":\"upstream 'p' "
                + "reported an error (its message quoted a credential and is withheld)\",\"type\":\"server_error\","
                + "\"param\":null,\"code\":\"upstream_error\"}}\n\n");
        assertThat(f.end.failed).isTrue();
        assertThat(f.end.error).as("no second error").isNull();
    }

    @Test
    void aTranslatedErrorEventWithoutTheSecretIsRelayedAsTranslated() {
        String other = "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n";
        relay.onContent(last(other), true);
        assertThat(f.written()).containsExactly(other);
    }
}
