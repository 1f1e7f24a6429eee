package io.llmgateway.core.observe.trace;

import static io.llmgateway.core.observe.trace.TraceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.proxy.ExchangeOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TraceConsumerTest {

    private static final String PROVIDERS = """
            providers:
              - id: p
                type: openai
                keys: [{id: k, secret: sk-x}]
            """;

    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    private final List<LoggingConfig.Otlp> made = new ArrayList<>();
    private final List<BatchSpanExporter> exporters = new ArrayList<>();

    private BatchSpanExporter exporter(LoggingConfig.Otlp c) {
        made.add(c);
        BatchSpanExporter e = new BatchSpanExporter(c.serviceName(), 100, 100, 10, body -> {
            bodies.add(new String(body, StandardCharsets.UTF_8));
            return 200;
        }, "test").start();
        exporters.add(e);
        return e;
    }

    private static GatewayConfig config(String logging) throws Exception {
        return new ConfigLoader(Map.<String, String>of()::get).parse(PROVIDERS + logging, "test");
    }

    @Test
    void offUntilAnEndpointIsSetThenEveryTracedOutcomeIsExportedWithEpochTimes() throws Exception {
        TraceConsumer consumer = new TraceConsumer(config("").logging().otlp(), this::exporter);
        assertThat(consumer.exporter()).isNull();
        consumer.accept(retried());
        assertThat(made).isEmpty();

        consumer.reconfigure(config("logging: {otlp: {endpoint: \"http://c:4318\", service_name: gw-eu}}"));
        assertThat(made).extracting(LoggingConfig.Otlp::serviceName).containsExactly("gw-eu");
        ExchangeOutcome now = at(System.nanoTime());
        long before = epochNanos();
        consumer.accept(now);
        consumer.accept(untraced());
        String body = bodies.poll(10, TimeUnit.SECONDS);
        assertThat(body).contains("\"stringValue\":\"gw-eu\"").contains("\"name\":\"chat gpt-4o\"")
                .contains("\"name\":\"chat gpt-4o-mini\"").contains("\"name\":\"chat claude-sonnet\"");
        long start = Long.parseLong(body.replaceAll("(?s).*?\"startTimeUnixNano\":\"(\\d+)\".*", "$1"));
        assertThat(start).as("the request's nanoTime as epoch nanos")
                .isBetween(before - TimeUnit.SECONDS.toNanos(60), epochNanos());

        consumer.reconfigure(config("logging: {otlp: {endpoint: \"http://c:4318\", service_name: gw-eu}}"));
        assertThat(made).as("the same settings keep the exporter").hasSize(1);
        consumer.reconfigure(config(""));
        assertThat(consumer.exporter()).isNull();
        consumer.accept(now);
        exporters.get(0).close();
        assertThat(exporters.get(0).exported()).as("the old exporter sent what it had, and nothing since")
                .isEqualTo(3);
        consumer.close();
    }

    @Test
    void closeFlushesWhatIsQueued() throws Exception {
        TraceConsumer consumer = new TraceConsumer(config("logging: {otlp: {endpoint: \"http://c:4318\"}}")
                .logging().otlp(), this::exporter);
        consumer.accept(retried());
        consumer.close();
        assertThat(exporters.get(0).exported()).isEqualTo(3);
        assertThat(bodies.poll(10, TimeUnit.SECONDS)).contains("\"stringValue\":\"llm-gateway\"");
    }

    private static long epochNanos() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** {@link TraceFixtures#retried()} with its request received at {@code nanoTime}. */
    private static ExchangeOutcome at(long nanoTime) {
        ExchangeOutcome r = retried();
        return new ExchangeOutcome(r.requestId(), r.clientKeyId(), r.alias(), r.deployment(), r.stream(), r.status(),
                r.errorCode(), r.attempts(), nanoTime, 0, 0, nanoTime + 1, r.usage(), false, 1, 2, false, r.endpoint(),
                r.traceIdHigh(), r.traceIdLow(), r.spanId(), r.parentSpanId(), null);
    }

    private static ExchangeOutcome untraced() {
        return new ExchangeOutcome("untraced", null, "gpt-4o", null, false, 200, null, List.of(), 1, 0, 0, 2, null,
                false, 0, 0, false);
    }
}
