package io.llmgateway.core.observe.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.LoggingConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {

    private RecordingEndpoint endpoint;
    private WebhookSink sink;

    @BeforeEach
    void start() throws Exception {
        endpoint = new RecordingEndpoint();
    }

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        endpoint.close();
    }

    private LoggingConfig.HttpSink config(boolean batch, int size, int intervalSeconds, int buffer,
            Map<String, String> headers) {
        return new LoggingConfig.HttpSink("audit", "http", endpoint.url(), batch, size, intervalSeconds, headers, buffer);
    }

    private static RequestLogEntry entry(int n) {
        return new RequestLogEntry("p", 200, "k", null, "{\"n\":" + n + "}");
    }

    @Test
    void aFullBatchIsPostedAsOneJsonArrayWithTheConfiguredHeaders() throws Exception {
        sink = new WebhookSink(config(true, 3, 3600, 100, Map.of("Authorization", "Bearer log-token")), 10).start();
        for (int i = 1; i <= 3; i++) {
            sink.offer(entry(i));
        }

        RecordingEndpoint.Post p = endpoint.next();
        assertThat(p.body()).isEqualTo("[{\"n\":1},{\"n\":2},{\"n\":3}]");
        assertThat(p.authorization()).isEqualTo("Bearer log-token");
    }

    @Test
    void aPartialBatchIsPostedAfterTheInterval() throws Exception {
        sink = new WebhookSink(config(true, 100, 1, 100, Map.of()), 10).start();
        sink.offer(entry(1));
        sink.offer(entry(2));

        assertThat(endpoint.next().body()).isEqualTo("[{\"n\":1},{\"n\":2}]");
    }

    @Test
    void withoutBatchingEachEntryIsPostedAlone() throws Exception {
        sink = new WebhookSink(config(false, 50, 3600, 100, Map.of()), 10).start();
        sink.offer(entry(1));
        sink.offer(entry(2));

        assertThat(endpoint.next().body()).isEqualTo("[{\"n\":1}]");
        assertThat(endpoint.next().body()).isEqualTo("[{\"n\":2}]");
    }

    @Test
    void aBatchAnswered500IsPostedAgain() throws Exception {
        endpoint.answer(500, 429);
        sink = new WebhookSink(config(true, 2, 3600, 100, Map.of()), 10).start();
        sink.offer(entry(1));
        sink.offer(entry(2));

        assertThat(endpoint.next().body()).isEqualTo("[{\"n\":1},{\"n\":2}]");
        assertThat(endpoint.next().body()).isEqualTo("[{\"n\":1},{\"n\":2}]");
        assertThat(endpoint.next().body()).isEqualTo("[{\"n\":1},{\"n\":2}]");
        sink.close();
        assertThat(sink.sent()).isEqualTo(2);
        assertThat(sink.dropped()).isZero();
    }

    @Test
    void aBatchFailingEveryTryIsDroppedAndCounted() throws Exception {
        endpoint.answer(503, 503, 503, 503);
        sink = new WebhookSink(config(true, 2, 3600, 100, Map.of()), 10).start();
        sink.offer(entry(1));
        sink.offer(entry(2));
        for (int i = 0; i < WebhookSink.TRIES; i++) {
            endpoint.next();
        }
        sink.offer(entry(3));
        sink.offer(entry(4));

        assertThat(endpoint.next().body()).as("the next batch goes through").isEqualTo("[{\"n\":3},{\"n\":4}]");
        sink.close();
        assertThat(sink.dropped()).isEqualTo(2);
        assertThat(sink.sent()).isEqualTo(2);
        assertThat(endpoint.pending()).isZero();
    }

    @Test
    void aBatchRefusedWith400IsDroppedWithoutRetrying() throws Exception {
        endpoint.answer(400);
        sink = new WebhookSink(config(true, 1, 3600, 100, Map.of()), 10).start();
        sink.offer(entry(1));
        endpoint.next();
        sink.offer(entry(2));

        assertThat(endpoint.next().body()).isEqualTo("[{\"n\":2}]");
        sink.close();
        assertThat(sink.dropped()).isEqualTo(1);
    }

    @Test
    void aFullBufferDropsTheOldestAndCounts() throws Exception {
        sink = new WebhookSink(config(true, 3, 3600, 3, Map.of()), 10); // not started: nothing drains
        for (int i = 1; i <= 5; i++) {
            sink.offer(entry(i));
        }
        assertThat(sink.dropped()).isEqualTo(2);
        sink.start();

        assertThat(endpoint.next().body()).isEqualTo("[{\"n\":3},{\"n\":4},{\"n\":5}]");
    }

    @Test
    void closeSendsWhatIsBuffered() throws Exception {
        sink = new WebhookSink(config(true, 100, 3600, 100, Map.of()), 10).start();
        sink.offer(entry(1));
        sink.close();

        assertThat(endpoint.next().body()).isEqualTo("[{\"n\":1}]");
        assertThat(sink.sent()).isEqualTo(1);
    }

    @Test
    void anUnreachableEndpointDropsTheBatchAndCountsIt() throws Exception {
        endpoint.close(); // nothing listens on its port any more
        sink = new WebhookSink(config(true, 1, 3600, 100, Map.of()), 10).start();
        sink.offer(entry(1));
        sink.close();

        assertThat(sink.dropped()).isEqualTo(1);
        assertThat(sink.sent()).isZero();
    }
}
