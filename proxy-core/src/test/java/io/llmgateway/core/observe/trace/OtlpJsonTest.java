package io.llmgateway.core.observe.trace;

import static io.llmgateway.core.observe.trace.TraceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {

    @Test
    void encodesTheProtobufJsonMappingOfAnExportTraceServiceRequest() {
        Span root = new Span(TRACE_HI, TRACE_LO, REQUEST_SPAN, 0, "chat \"gpt-4o\"", Span.Kind.SERVER,
                1_700_000_000_000_000_123L, 1_700_000_000_500_000_000L, List.of(
                        new Span.Attribute("gen_ai.request.model", "gpt-4o"),
                        new Span.Attribute("gen_ai.usage.input_tokens", 12L),
                        new Span.Attribute("llm_gateway.stream", true),
                        new Span.Attribute("ratio", 0.5)), false, null);
        Span child = new Span(TRACE_HI, TRACE_LO, ATTEMPT_1, REQUEST_SPAN, "chat gpt-4o-mini", Span.Kind.CLIENT,
                1_700_000_000_000_001_000L, 1_700_000_000_000_002_000L, List.of(), true, "rate_limited");

        String json = new String(OtlpJson.encode("llm-gateway", List.of(root, child)), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"resourceSpans\":[{"
                + "\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"llm-gateway\"}}]},"
                + "\"scopeSpans\":[{\"scope\":{\"name\":\"io.llmgateway\"},\"spans\":["
                + "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"1111111111111111\","
                + "\"name\":\"chat \\\"gpt-4o\\\"\",\"kind\":2,"
                + "\"startTimeUnixNano\":\"1700000000000000123\",\"endTimeUnixNano\":\"1700000000500000000\","
                + "\"attributes\":["
                + "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}},"
                + "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"12\"}},"
                + "{\"key\":\"llm_gateway.stream\",\"value\":{\"boolValue\":true}},"
                + "{\"key\":\"ratio\",\"value\":{\"doubleValue\":0.5}}]},"
                + "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"2222222222222222\","
                + "\"parentSpanId\":\"1111111111111111\",\"name\":\"chat gpt-4o-mini\",\"kind\":3,"
                + "\"startTimeUnixNano\":\"1700000000000001000\",\"endTimeUnixNano\":\"1700000000000002000\","
                + "\"attributes\":[],\"status\":{\"code\":2,\"message\":\"rate_limited\"}}"
                + "]}]}]}");
    }
}
