package io.llmgateway.core.observe.trace;

import static io.llmgateway.core.observe.trace.TraceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.proxy.ExchangeOutcome;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OutcomeSpansTest {

    private static final long OFFSET = 1_700_000_000_000_000_000L;

    private static Map<String, Object> attributes(Span s) {
        return s.attributes().stream().collect(Collectors.toMap(Span.Attribute::key, Span.Attribute::value));
    }

    @Test
    void aRetriedRequestIsAServerSpanUnderTheClientsWithOneClientSpanPerAttempt() {
        List<Span> spans = OutcomeSpans.of(retried(), OFFSET);

        assertThat(spans).extracting(Span::traceIdHigh, Span::traceIdLow).containsOnly(tuple(TRACE_HI, TRACE_LO));
        assertThat(spans).extracting(Span::spanId, Span::parentSpanId, Span::kind, Span::name).containsExactly(
                tuple(REQUEST_SPAN, CLIENT_SPAN, Span.Kind.SERVER, "chat gpt-4o"),
                tuple(ATTEMPT_1, REQUEST_SPAN, Span.Kind.CLIENT, "chat gpt-4o-mini"),
                tuple(ATTEMPT_2, REQUEST_SPAN, Span.Kind.CLIENT, "chat claude-sonnet"));
        assertThat(spans).extracting(Span::startEpochNanos, Span::endEpochNanos).containsExactly(
                tuple(OFFSET + 1_000, OFFSET + 5_100),
                tuple(OFFSET + 1_100, OFFSET + 1_300),
                tuple(OFFSET + 1_400, OFFSET + 5_000));
    }

    @Test
    void theRequestSpanCarriesTheGenAiAttributesInOrder() {
        Span request = OutcomeSpans.of(retried(), OFFSET).get(0);
        assertThat(request.attributes()).containsExactly(
                new Span.Attribute("gen_ai.operation.name", "chat"),
                new Span.Attribute("gen_ai.request.model", "gpt-4o"),
                new Span.Attribute("gen_ai.system", "anthropic"),
                new Span.Attribute("gen_ai.provider.name", "anthropic"),
                new Span.Attribute("gen_ai.response.model", "claude-sonnet"),
                new Span.Attribute("gen_ai.usage.input_tokens", 12L),
                new Span.Attribute("gen_ai.usage.output_tokens", 34L),
                new Span.Attribute("gen_ai.usage.cache_read.input_tokens", 5L),
                new Span.Attribute("http.response.status_code", 200L),
                new Span.Attribute("llm_gateway.request_id", "req-7"),
                new Span.Attribute("llm_gateway.stream", true),
                new Span.Attribute("llm_gateway.attempts", 2L));
        assertThat(request.error()).isFalse();
        assertThat(request.statusMessage()).isNull();
    }

    @Test
    void eachAttemptSpanNamesItsProviderKeyModelStatusAndError() {
        List<Span> spans = OutcomeSpans.of(retried(), OFFSET);
        assertThat(spans.get(1).attributes()).containsExactly(
                new Span.Attribute("gen_ai.operation.name", "chat"),
                new Span.Attribute("gen_ai.system", "openai"),
                new Span.Attribute("gen_ai.provider.name", "openai"),
                new Span.Attribute("gen_ai.request.model", "gpt-4o-mini"),
                new Span.Attribute("server.address", "api.openai.com"),
                new Span.Attribute("llm_gateway.provider", "a"),
                new Span.Attribute("llm_gateway.key_id", "a-1"),
                new Span.Attribute("http.response.status_code", 429L),
                new Span.Attribute("error.type", "rate_limited"));
        assertThat(spans.get(1).error()).isTrue();
        assertThat(spans.get(1).statusMessage()).isEqualTo("rate_limited");
        assertThat(attributes(spans.get(2))).containsEntry("llm_gateway.key_id", "b-1")
                .containsEntry("http.response.status_code", 200L).doesNotContainKey("error.type");
        assertThat(spans.get(2).error()).isFalse();
    }

    @Test
    void aFailedRequestIsAnErrorOnlyWhenItIsNotTheClientsFault() {
        ExchangeOutcome r = retried();
        ExchangeOutcome failed = new ExchangeOutcome(r.requestId(), r.clientKeyId(), r.alias(), r.deployment(), false,
                502, "upstream_unreachable", List.of(), r.receivedNanos(), 0, r.firstClientByteNanos(), r.endNanos(),
                null, false, 1, 2, false, Endpoint.EMBEDDINGS, TRACE_HI, TRACE_LO, REQUEST_SPAN, 0, null);
        Span s = OutcomeSpans.of(failed, 0).get(0);
        assertThat(s.name()).isEqualTo("embeddings gpt-4o");
        assertThat(s.parentSpanId()).as("a root span").isZero();
        assertThat(attributes(s)).containsEntry("error.type", "upstream_unreachable")
                .doesNotContainKeys("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens");
        assertThat(s.error()).isTrue();
        assertThat(s.statusMessage()).isEqualTo("upstream_unreachable");

        ExchangeOutcome refused = new ExchangeOutcome(r.requestId(), r.clientKeyId(), r.alias(), null, false, 400,
                "invalid_request_error", List.of(), 1, 0, 2, 3, null, false, 1, 2, false, Endpoint.COMPLETIONS, TRACE_HI,
                TRACE_LO, REQUEST_SPAN, 0, null);
        List<Span> spans = OutcomeSpans.of(refused, 0);
        assertThat(spans).singleElement().satisfies(only -> {
            assertThat(only.name()).isEqualTo("text_completion gpt-4o");
            assertThat(attributes(only)).containsEntry("error.type", "invalid_request_error")
                    .doesNotContainKeys("gen_ai.system", "gen_ai.response.model");
            assertThat(only.error()).as("4xx: the client's doing").isFalse();
        });
    }

    @Test
    void anOutcomeWithoutATraceHasNoSpans() {
        ExchangeOutcome r = retried();
        ExchangeOutcome untraced = new ExchangeOutcome(r.requestId(), r.clientKeyId(), r.alias(), r.deployment(),
                false, 200, null, r.attempts(), 1, 2, 3, 4, null, false, 1, 2, false);
        assertThat(OutcomeSpans.of(untraced, OFFSET)).isEmpty();
    }

    @Test
    void providerTypesMapToTheGenAiProviderNames() {
        assertThat(List.of("openai", "openai-compatible", "azure", "anthropic", "gemini", "vertex", "bedrock"))
                .extracting(OutcomeSpans::genAiSystem).containsExactly("openai", "openai", "azure.ai.openai",
                        "anthropic", "gcp.gemini", "gcp.vertex_ai", "aws.bedrock");
    }
}
