package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.observe.metrics.MetricsConsumer;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MetricsScrapeHandler}: the rendered metrics at the endpoint, 404 and 405 elsewhere. */
class MetricsScrapeHandlerTest {

    private MetricsConsumer metrics;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        metrics = MetricsConsumer.create(new ConfigLoader(Map.<String, String>of()::get).parse("""
                providers:
                  - id: up
                    base_url: "http://127.0.0.1:9/v1"
                    keys: [{id: k1, secret: "sk-scrape-secret"}]
                model_aliases:
                  gpt-4o: up:gpt-4o
                """, "test"), new KeyStateRegistry(), PooledByteBufAllocator.DEFAULT);
        metrics.render(System.nanoTime());
        channel = new EmbeddedChannel(new MetricsScrapeHandler("/scrape", new MetricsRoute(metrics)));
    }

    @AfterEach
    void tearDown() {
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private FullHttpResponse send(HttpMethod method, String uri, boolean keepAlive) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (!keepAlive) {
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        channel.writeInbound(request);
        return channel.readOutbound();
    }

    private static String body(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void theEndpointAnswersTheLastRendering() {
        FullHttpResponse r = send(HttpMethod.GET, "/scrape?x=1", true);
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.headers().contains(HttpHeaderNames.CONNECTION)).isFalse();
        String text = body(r);
        assertThat(text).isEqualTo(new String(metrics.snapshot().prometheusText(), StandardCharsets.UTF_8))
                .contains("llm_active_keys_total").doesNotContain("sk-scrape-secret");
    }

    @Test
    void anyOtherPathIs404AndAnotherMethod405() {
        FullHttpResponse notFound = send(HttpMethod.GET, "/v1/models", true);
        assertThat(notFound.status().code()).isEqualTo(404);
        assertThat(body(notFound)).contains("unknown_url").contains("this listener serves /scrape only");
        FullHttpResponse notAllowed = send(HttpMethod.POST, "/scrape", false);
        assertThat(notAllowed.status().code()).isEqualTo(405);
        assertThat(notAllowed.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET");
        assertThat(notAllowed.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        assertThat(body(notAllowed)).contains("method_not_allowed");
    }
}
