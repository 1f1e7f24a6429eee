package io.llmgateway.core.observe.metrics;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.observe.OutcomeCost;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import java.util.List;

/**
 * The Prometheus counters and histograms that each {@link ExchangeOutcome} moves: requests, tokens,
 * cost, errors, retries, fallbacks, and the request duration, time-to-first-token and gateway
 * overhead ({@link ExchangeTimings}). Every label value goes through {@link MetricLabels}.
 *
 * <p>Updated on the observer thread only; the collectors themselves are thread-safe, so the
 * renderer may read them from any thread.
 */
final class OutcomeMetrics {

    private static final double NANOS_PER_SECOND = 1e9;

    private final Counter requests;
    private final Counter tokens;
    private final Counter cost;
    private final Counter errors;
    private final Counter retries;
    private final Counter fallbacks;
    private final Histogram duration;
    private final Histogram ttft;
    private final Histogram overhead;

    OutcomeMetrics(CollectorRegistry registry) {
        requests = Counter.build("llm_requests_total", "Requests that reached a model route, by outcome.")
                .labelNames("alias", "provider", "key", "status", "stream").register(registry);
        tokens = Counter.build("llm_tokens_total", "Tokens of the answers as the providers reported them "
                + "(or the gateway estimated them); cached is the part of prompt read from the provider's cache.")
                .labelNames("provider", "model", "type").register(registry);
        cost = Counter.build("llm_cost_usd_total", "Cost of the answers in USD from providers[].price_per_million.")
                .labelNames("provider", "model").register(registry);
        errors = Counter.build("llm_errors_total", "Failed requests by error code (the gateway's, or the provider's).")
                .labelNames("code").register(registry);
        retries = Counter.build("llm_retries_total", "Attempts after the first of a request.")
                .labelNames("alias").register(registry);
        fallbacks = Counter.build("llm_fallbacks_total", "Attempts sent to a deployment of a fallback alias.")
                .labelNames("alias").register(registry);
        duration = Histogram.build("llm_request_duration_seconds", "From the request head's arrival to the end "
                + "of the exchange.").labelNames("alias", "provider", "stream")
                .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300)
                .register(registry);
        ttft = Histogram.build("llm_time_to_first_token_seconds", "Streams: from the request head's arrival to "
                + "the response head's departure, just before the first event.").labelNames("alias", "provider")
                .buckets(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 3, 5, 10, 20, 30, 60)
                .register(registry);
        overhead = Histogram.build("llm_gateway_overhead_seconds", "Time spent in the gateway before the "
                + "response head left, upstream waits and retry backoff excluded.").labelNames("alias", "stream")
                .buckets(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1)
                .register(registry);
    }

    void record(ExchangeOutcome o, MetricLabels labels) {
        String alias = labels.alias(o.alias());
        String provider = o.deployment() == null ? MetricLabels.NONE : o.providerId();
        String stream = o.stream() ? "true" : "false";
        requests.labels(alias, provider, o.deployment() == null ? MetricLabels.NONE : o.keyId(),
                MetricLabels.status(o.status()), stream).inc();
        if (o.errorCode() != null) {
            errors.labels(labels.code(o.errorCode())).inc();
        } else if (o.status() >= 400) {
            errors.labels("unknown").inc();
        }
        recordAttempts(o, alias, labels);
        recordUsage(o, provider, labels);
        duration.labels(alias, provider, stream).observe(ExchangeTimings.durationNanos(o) / NANOS_PER_SECOND);
        long firstToken = ExchangeTimings.timeToFirstTokenNanos(o);
        if (firstToken != ExchangeTimings.NONE) {
            ttft.labels(alias, provider).observe(firstToken / NANOS_PER_SECOND);
        }
        long own = ExchangeTimings.overheadNanos(o);
        if (own != ExchangeTimings.NONE) {
            overhead.labels(alias, stream).observe(own / NANOS_PER_SECOND);
        }
    }

    private void recordAttempts(ExchangeOutcome o, String alias, MetricLabels labels) {
        List<AttemptOutcome> attempts = o.attempts();
        if (attempts.size() > 1) {
            retries.labels(alias).inc(attempts.size() - 1);
        }
        int onFallback = 0;
        for (AttemptOutcome a : attempts) {
            if (labels.fallback(o.alias(), a.deployment())) {
                onFallback++;
            }
        }
        if (onFallback > 0) {
            fallbacks.labels(alias).inc(onFallback);
        }
    }

    private void recordUsage(ExchangeOutcome o, String provider, MetricLabels labels) {
        Usage usage = o.usage();
        if (usage == null || o.deployment() == null) {
            return;
        }
        String model = labels.model(o.upstreamModel());
        tokens.labels(provider, model, "prompt").inc(usage.promptTokens());
        tokens.labels(provider, model, "completion").inc(usage.completionTokens());
        tokens.labels(provider, model, "cached").inc(usage.cachedTokens());
        double usd = OutcomeCost.usd(o);
        if (usd > 0) {
            cost.labels(provider, model).inc(usd);
        }
    }
}
