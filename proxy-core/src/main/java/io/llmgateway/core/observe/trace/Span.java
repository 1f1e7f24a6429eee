package io.llmgateway.core.observe.trace;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One finished span, as exported: ids, name, kind, times in nanoseconds since the epoch, attributes
 * and status. Immutable; built on the observer thread, encoded on the export thread.
 *
 * @param traceIdHigh     the trace id's first 8 bytes
 * @param traceIdLow      the trace id's last 8 bytes
 * @param spanId          never 0
 * @param parentSpanId    0 for a root span
 * @param name            e.g. {@code chat gpt-4o}
 * @param startEpochNanos when it began, nanoseconds since 1970-01-01 UTC
 * @param endEpochNanos   when it ended, likewise
 * @param attributes      in the order they are exported
 * @param error           whether the span's status is ERROR (else UNSET)
 * @param statusMessage   the status description of an error; null for none
 */
public record Span(long traceIdHigh, long traceIdLow, long spanId, long parentSpanId, String name, Kind kind,
        long startEpochNanos, long endEpochNanos, List<Attribute> attributes, boolean error, String statusMessage) {

    public Span {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        attributes = List.copyOf(attributes);
    }

    /** The OTLP {@code SpanKind}s this gateway produces, with their protobuf numbers. */
    public enum Kind {
        /** The client's request, as the gateway served it. */
        SERVER(2),
        /** One attempt's call to a provider. */
        CLIENT(3);

        private final int otlp;

        Kind(int otlp) {
            this.otlp = otlp;
        }

        /** The {@code SpanKind} enum number of OTLP. */
        public int otlp() {
            return otlp;
        }
    }

    /**
     * A span attribute: a string, a long, a double or a boolean.
     *
     * @param key   e.g. {@code gen_ai.request.model}
     * @param value a {@link String}, {@link Long}, {@link Double} or {@link Boolean}
     */
    public record Attribute(String key, Object value) {

        public Attribute {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
            if (!(value instanceof String || value instanceof Long || value instanceof Double
                    || value instanceof Boolean)) {
                throw new IllegalArgumentException("attribute " + key + ": " + value.getClass().getName()
                        + " (expected: String, Long, Double or Boolean)");
            }
        }
    }
}
