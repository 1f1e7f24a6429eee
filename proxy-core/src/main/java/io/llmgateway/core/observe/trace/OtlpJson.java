package io.llmgateway.core.observe.trace;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.llmgateway.codec.http.TraceParent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Spans as an OTLP/HTTP JSON body: the protobuf-JSON mapping of {@code ExportTraceServiceRequest}
 * (opentelemetry-proto, {@code collector/trace/v1}), one resource ({@code service.name}) and one
 * instrumentation scope.
 *
 * <pre>{@code
 * {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"llm-gateway"}}]},
 *   "scopeSpans":[{"scope":{"name":"io.llmgateway"},"spans":[
 *     {"traceId":"4bf9...4736","spanId":"00f0...02b7","parentSpanId":"...","name":"chat gpt-4o","kind":2,
 *      "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"...",
 *      "attributes":[{"key":"gen_ai.usage.input_tokens","value":{"intValue":"12"}}],"status":{"code":2,"message":"..."}}]}]}]}
 * }</pre>
 *
 * <p>As OTLP/JSON asks: ids in lower-case hex (not base64), 64-bit integers (times, {@code intValue})
 * as decimal strings, enums as numbers; a root span has no {@code parentSpanId}. Stateless; used on
 * the export thread.
 */
public final class OtlpJson {

    /** The instrumentation scope of every span. */
    public static final String SCOPE = "io.llmgateway";

    private static final JsonFactory JSON = new JsonFactory();
    /** {@code Status.code}: ERROR; UNSET is left out (the default). */
    private static final int STATUS_ERROR = 2;

    private OtlpJson() {
    }

    /** The body of one export of {@code spans} for the service {@code serviceName}. */
    public static byte[] encode(String serviceName, List<Span> spans) {
        requireNonNull(serviceName, "serviceName");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 512 * spans.size());
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeArrayFieldStart("resourceSpans");
            g.writeStartObject();
            g.writeObjectFieldStart("resource");
            g.writeArrayFieldStart("attributes");
            attribute(g, new Span.Attribute("service.name", serviceName));
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("scopeSpans");
            g.writeStartObject();
            g.writeObjectFieldStart("scope");
            g.writeStringField("name", SCOPE);
            g.writeEndObject();
            g.writeArrayFieldStart("spans");
            for (Span s : spans) {
                span(g, s);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void span(JsonGenerator g, Span s) throws IOException {
        g.writeStartObject();
        g.writeStringField("traceId", TraceParent.hex(s.traceIdHigh(), s.traceIdLow()));
        g.writeStringField("spanId", TraceParent.hex(s.spanId()));
        if (s.parentSpanId() != 0) {
            g.writeStringField("parentSpanId", TraceParent.hex(s.parentSpanId()));
        }
        g.writeStringField("name", s.name());
        g.writeNumberField("kind", s.kind().otlp());
        g.writeStringField("startTimeUnixNano", Long.toUnsignedString(s.startEpochNanos()));
        g.writeStringField("endTimeUnixNano", Long.toUnsignedString(s.endEpochNanos()));
        g.writeArrayFieldStart("attributes");
        for (Span.Attribute a : s.attributes()) {
            attribute(g, a);
        }
        g.writeEndArray();
        if (s.error()) {
            g.writeObjectFieldStart("status");
            g.writeNumberField("code", STATUS_ERROR);
            if (s.statusMessage() != null) {
                g.writeStringField("message", s.statusMessage());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void attribute(JsonGenerator g, Span.Attribute a) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", a.key());
        g.writeObjectFieldStart("value");
        Object v = a.value();
        if (v instanceof String s) {
            g.writeStringField("stringValue", s);
        } else if (v instanceof Long l) {
            g.writeStringField("intValue", Long.toString(l));
        } else if (v instanceof Double d) {
            g.writeNumberField("doubleValue", d);
        } else {
            g.writeBooleanField("boolValue", (Boolean) v);
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
