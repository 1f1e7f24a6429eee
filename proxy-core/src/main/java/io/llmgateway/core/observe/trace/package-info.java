/**
 * Traces: OpenTelemetry spans of each request and its attempts, exported as OTLP/HTTP JSON.
 *
 * <pre>
 *   event loop        RequestTrace ids (proxy package) --> ExchangeOutcome
 *   observer thread   TraceConsumer --OutcomeSpans--> Span --offer--> BatchSpanExporter's bounded queue
 *   llm-trace-export  batch --OtlpJson--> OtlpHttpTransport --POST--> {endpoint}/v1/traces
 * </pre>
 *
 * <p>Threads: {@link io.llmgateway.core.observe.trace.TraceConsumer} lives on the observer thread
 * (plain fields); the exporter's queue ({@code ArrayBlockingQueue}) is the one hand-off to the
 * export thread, whose counters are {@code LongAdder}s read from anywhere. Nothing here runs on an
 * event loop. {@link io.llmgateway.core.observe.trace.Span} is immutable.
 */
package io.llmgateway.core.observe.trace;
