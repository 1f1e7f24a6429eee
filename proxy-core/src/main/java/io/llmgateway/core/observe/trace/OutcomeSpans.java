package io.llmgateway.core.observe.trace;

import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.routing.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The spans of one traced {@link ExchangeOutcome}, after the OpenTelemetry GenAI semantic
 * conventions: the request as a SERVER span named {@code {gen_ai.operation.name} {gen_ai.request.model}}
 * (e.g. {@code chat gpt-4o}), child of the client's span when it sent a {@code traceparent}, and
 * under it one CLIENT span per attempt, named after the upstream model, whose id is the parent the
 * provider was given.
 *
 * <pre>
 *   chat gpt-4o           SERVER  gen_ai.*, http.response.status_code, error.type, llm_gateway.request_id
 *     ├ chat gpt-4o-mini  CLIENT  provider a, key a-1: 429 rate_limited
 *     └ chat gpt-4o       CLIENT  provider b, key b-1: 200
 * </pre>
 *
 * <p>The outcome's times are {@link System#nanoTime()} readings; {@code epochOffsetNanos} turns them
 * into nanoseconds since the epoch (read the wall clock and {@code nanoTime} together, on the
 * observer thread). Stateless.
 */
public final class OutcomeSpans {

    private OutcomeSpans() {
    }

    /**
     * The request's span, then one per attempt in order; empty when the outcome is not
     * {@linkplain ExchangeOutcome#traced() traced}.
     *
     * @param epochOffsetNanos epoch nanoseconds minus {@code System.nanoTime()}, at about the same moment
     */
    public static List<Span> of(ExchangeOutcome o, long epochOffsetNanos) {
        if (!o.traced()) {
            return List.of();
        }
        String operation = operation(o.endpoint());
        List<Span> spans = new ArrayList<>(1 + o.attempts().size());
        spans.add(requestSpan(o, operation, epochOffsetNanos));
        for (AttemptOutcome a : o.attempts()) {
            spans.add(attemptSpan(o, a, operation, epochOffsetNanos));
        }
        return spans;
    }

    private static Span requestSpan(ExchangeOutcome o, String operation, long offset) {
        List<Span.Attribute> at = new ArrayList<>(14);
        at.add(attr("gen_ai.operation.name", operation));
        at.add(attr("gen_ai.request.model", o.alias()));
        Deployment d = o.deployment();
        if (d != null) {
            String system = genAiSystem(d.provider().type());
            at.add(attr("gen_ai.system", system));
            at.add(attr("gen_ai.provider.name", system));
            at.add(attr("gen_ai.response.model", d.upstreamModel()));
        }
        Usage u = o.usage();
        if (u != null) {
            at.add(attr("gen_ai.usage.input_tokens", u.promptTokens()));
            at.add(attr("gen_ai.usage.output_tokens", u.completionTokens()));
            if (u.cachedTokens() > 0) {
                at.add(attr("gen_ai.usage.cache_read.input_tokens", u.cachedTokens()));
            }
        }
        if (o.status() > 0) {
            at.add(attr("http.response.status_code", (long) o.status()));
        }
        String errorType = errorType(o);
        if (errorType != null) {
            at.add(attr("error.type", errorType));
        }
        at.add(attr("llm_gateway.request_id", o.requestId()));
        at.add(attr("llm_gateway.stream", o.stream()));
        at.add(attr("llm_gateway.attempts", (long) o.attempts().size()));
        if (o.usageEstimated()) {
            at.add(attr("llm_gateway.usage_estimated", true));
        }
        if (o.clientAborted()) {
            at.add(attr("llm_gateway.client_aborted", true));
        }
        // As for any HTTP server span, a 4xx is the client's doing, not the gateway's failure.
        boolean error = errorType != null && !(o.status() >= 400 && o.status() < 500);
        return new Span(o.traceIdHigh(), o.traceIdLow(), o.spanId(), o.parentSpanId(), operation + " " + o.alias(),
                Span.Kind.SERVER, o.receivedNanos() + offset, o.endNanos() + offset, at, error,
                error ? errorType : null);
    }

    private static Span attemptSpan(ExchangeOutcome o, AttemptOutcome a, String operation, long offset) {
        Deployment d = a.deployment();
        String system = genAiSystem(d.provider().type());
        List<Span.Attribute> at = new ArrayList<>(10);
        at.add(attr("gen_ai.operation.name", operation));
        at.add(attr("gen_ai.system", system));
        at.add(attr("gen_ai.provider.name", system));
        at.add(attr("gen_ai.request.model", d.upstreamModel()));
        at.add(attr("server.address", d.provider().settings().host()));
        at.add(attr("llm_gateway.provider", d.provider().id()));
        at.add(attr("llm_gateway.key_id", d.key().id()));
        if (a.status() > 0) {
            at.add(attr("http.response.status_code", (long) a.status()));
        }
        boolean error = a.error() != ErrorKind.NONE;
        String errorType = error ? a.error().name().toLowerCase(Locale.ROOT) : null;
        if (error) {
            at.add(attr("error.type", errorType));
        }
        long spanId = a.spanId() != 0 ? a.spanId() : nonZeroRandom();
        long end = a.endNanos() != 0 ? a.endNanos() : o.endNanos();
        return new Span(o.traceIdHigh(), o.traceIdLow(), spanId, o.spanId(), operation + " " + d.upstreamModel(),
                Span.Kind.CLIENT, a.startNanos() + offset, end + offset, at, error, errorType);
    }

    /**
     * {@code error.type}: the code the client was told, else the status of a failed answer, else
     * {@code client_aborted} when the client left; null for a success.
     */
    private static String errorType(ExchangeOutcome o) {
        if (o.errorCode() != null) {
            return o.errorCode();
        }
        if (o.status() >= 400) {
            return Integer.toString(o.status());
        }
        return o.clientAborted() ? "client_aborted" : null;
    }

    /** {@code gen_ai.operation.name} of an OpenAI operation. */
    static String operation(Endpoint endpoint) {
        if (endpoint == null) {
            return "chat";
        }
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> "chat";
            case COMPLETIONS -> "text_completion";
            case EMBEDDINGS -> "embeddings";
            case MESSAGES -> "chat";
            case MESSAGES_COUNT_TOKENS -> "count_tokens";
        };
    }

    /** {@code gen_ai.provider.name} (and the older {@code gen_ai.system}) of a provider type. */
    static String genAiSystem(String providerType) {
        return switch (providerType) {
            case "azure" -> "azure.ai.openai";
            case "anthropic" -> "anthropic";
            case "gemini" -> "gcp.gemini";
            case "vertex" -> "gcp.vertex_ai";
            case "bedrock" -> "aws.bedrock";
            default -> "openai"; // openai, and every OpenAI-compatible host
        };
    }

    private static long nonZeroRandom() {
        long id = ThreadLocalRandom.current().nextLong();
        return id == 0 ? 1 : id;
    }

    private static Span.Attribute attr(String key, Object value) {
        return new Span.Attribute(key, value);
    }
}
