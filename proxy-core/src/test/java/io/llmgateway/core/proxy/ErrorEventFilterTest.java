package io.llmgateway.core.proxy;

import static io.llmgateway.core.proxy.RelayFixtures.chunk;
import static io.llmgateway.core.proxy.RelayFixtures.last;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every stream error event a client can see passes the secret filter, whatever its dialect, and
 * its replacement is in that dialect: through a translated relay whose translator relays events as
 * they are, as the Anthropic Messages and Responses pass-through translators do.
 */
class ErrorEventFilterTest {

    /** Relays each event as is; the stream failed once an error event went by. */
    private static final class AsIs implements ResponseTranslator {
        boolean failed;

        @Override
        public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void translateEvent(ByteBuf event, ByteBufAllocator alloc, List<ByteBuf> out) {
            failed |= SseEvents.isErrorEvent(event);
            out.add(event.retainedDuplicate());
        }

        @Override
        public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
            return failed ? StreamEnd.FAILED : StreamEnd.COMPLETE;
        }

        @Override
        public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Usage usage() {
            return null;
        }
    }

    private static final String WITHHELD = "upstream 'p' reported an error (its message quoted a credential and is "
            + "withheld)";
    /** The key's secret as a careless provider quotes it: JSON-escaped. */
    private static final String QUOTED = "sk-SECRET\\/xyz+789=";

    private final RelayFixtures f = new RelayFixtures();
    private final TranslatedStreamRelay relay = new TranslatedStreamRelay(f.out, 4096, new AsIs(),
            RelayFixtures.DEPLOYMENT, 25, f.end);

    @AfterEach
    void close() {
        f.close(relay);
    }

    @Test
    void anAnthropicErrorEventQuotingTheSecretBecomesTheGatewaysOwnAnthropicErrorEvent() {
        String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n";
        relay.onContent(chunk(delta), false);
        relay.onContent(last("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                + "\"message\":\"invalid x-api-key " + QUOTED + "\"}}\n\n"), true);

        assertThat(f.written()).containsExactly(delta, "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":"
                + "\"api_error\",\"message\":\"" + WITHHELD + "\"}}\n\n");
        assertThat(f.end.failed).isTrue();
        assertThat(f.end.error).as("no second error").isNull();
    }

    @Test
    void aResponsesErrorEventQuotingTheSecretBecomesTheGatewaysOwnKeepingItsSequenceNumber() {
        relay.onContent(last("event: error\ndata: {\"type\":\"error\",\"code\":\"invalid_api_key\",\"message\":\"bad "
                + "key " + QUOTED + "\",\"param\":null,\"sequence_number\":7}\n\n"), true);

        assertThat(f.written()).containsExactly("event: error\ndata: {\"type\":\"error\",\"code\":\"upstream_error\","
                + "\"message\":\"" + WITHHELD + "\",\"param\":null,\"sequence_number\":7}\n\n");
        assertThat(f.end.failed).isTrue();
    }

    @Test
    void aResponseFailedEventQuotingTheSecretBecomesTheGatewaysOwnErrorEvent() {
        relay.onContent(last("event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":3,"
                + "\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"upstream "
                + "said Bearer " + QUOTED + "\"}}}\n\n"), true);

        assertThat(f.written()).containsExactly("event: error\ndata: {\"type\":\"error\",\"code\":\"upstream_error\","
                + "\"message\":\"" + WITHHELD + "\",\"param\":null,\"sequence_number\":3}\n\n");
    }

    @Test
    void anOpenAiErrorEventQuotingTheSecretBecomesTheGatewaysOwnOpenAiErrorEvent() {
        relay.onContent(last("data: {\"error\":{\"message\":\"bad key " + QUOTED + "\",\"type\":\"x\"}}\n\n"), true);

        assertThat(f.written()).containsExactly("data: {\"error\":{\"message\":\"" + WITHHELD + "\",\"type\":"
                + "\"server_error\",\"param\":null,\"code\":\"upstream_error\"}}\n\n");
    }

    @Test
    void errorEventsWithoutTheSecretAreRelayedAsTheyAre() {
        String anthropic = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n";
        relay.onContent(last(anthropic), true);

        assertThat(f.written()).containsExactly(anthropic);
        assertThat(f.end.failed).isTrue();
    }

    @Test
    void anOrdinaryEventQuotingTheSecretIsNotScanned() {
        String delta = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":"
                + "\"" + QUOTED + "\"}\n\n";
        relay.onContent(chunk(delta), false);

        assertThat(f.written()).as("the model's own text, not an error: relayed").containsExactly(delta);
    }
}
