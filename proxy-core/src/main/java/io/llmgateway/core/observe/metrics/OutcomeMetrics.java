package io.llmgateway.core.observe.metrics;

import io.llmgateway.core.observe.ExchangeTimings;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.observe.OutcomeCost;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.routing.Deployment;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter cacheBypasses;
    /** Bounded: aliases from the config (or "other") x deployments of the config x 2; cleared on reload. */
    private final Map<SeriesKey, Series> series = new HashMap<>();

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
        cacheHits = Counter.build("llm_cache_hits_total", "Requests answered from the response cache (no upstream "
                + "call).").labelNames("alias").register(registry);
        cacheMisses = Counter.build("llm_cache_misses_total", "Requests the response cache applies to that it had "
                + "no answer for.").labelNames("alias").register(registry);
        cacheBypasses = Counter.build("llm_cache_bypasses_total", "Requests that skipped the response cache "
                + "(Cache-Control: no-cache or no-store).").labelNames("alias").register(registry);
    }

    /** Forgets the cached series: a reload may have changed which models have labels of their own. */
    void reconfigured() {
        series.clear();
    }

    void record(ExchangeOutcome o, MetricLabels labels) {
        Series s = series(o, labels);
        requests.labels(s.alias, s.provider, o.deployment() == null ? MetricLabels.NONE : o.keyId(),
                MetricLabels.status(o.status()), s.stream).inc();
        if (o.errorCode() != null) {
            errors.labels(labels.code(o.errorCode())).inc();
        } else if (o.status() >= 400) {
            errors.labels("unknown").inc();
        }
        recordAttempts(o, s.alias, labels);
        if (o.cache() != null) {
            switch (o.cache()) {
                case HIT -> cacheHits.labels(s.alias).inc();
                case MISS -> cacheMisses.labels(s.alias).inc();
                case BYPASS -> cacheBypasses.labels(s.alias).inc();
                default -> throw new IllegalStateException("cache: " + o.cache());
            }
        }
        recordUsage(o, s);
        if (s.duration == null) {
            s.duration = duration.labels(s.alias, s.provider, s.stream);
        }
        s.duration.observe(ExchangeTimings.durationNanos(o) / NANOS_PER_SECOND);
        long firstToken = ExchangeTimings.timeToFirstTokenNanos(o);
        if (firstToken != ExchangeTimings.NONE) {
            if (s.ttft == null) {
                s.ttft = ttft.labels(s.alias, s.provider);
            }
            s.ttft.observe(firstToken / NANOS_PER_SECOND);
        }
        long own = ExchangeTimings.overheadNanos(o);
        if (own != ExchangeTimings.NONE) {
            if (s.overhead == null) {
                s.overhead = overhead.labels(s.alias, s.stream);
            }
            s.overhead.observe(own / NANOS_PER_SECOND);
        }
    }

    /** The series of {@code o}'s alias (bounded), deployment and mode, found or made. */
    private Series series(ExchangeOutcome o, MetricLabels labels) {
        String alias = labels.alias(o.alias());
        SeriesKey key = new SeriesKey(alias, o.deployment(), o.stream());
        Series s = series.get(key);
        if (s == null) {
            s = new Series(alias, o.deployment() == null ? MetricLabels.NONE : o.providerId(),
                    o.stream() ? "true" : "false", o.deployment() == null ? null : labels.model(o.upstreamModel()));
            series.put(key, s);
        }
        return s;
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

    private void recordUsage(ExchangeOutcome o, Series s) {
        Usage usage = o.usage();
        if (usage == null || o.deployment() == null) {
            return;
        }
        if (s.prompt == null) {
            s.prompt = tokens.labels(s.provider, s.model, "prompt");
            s.completion = tokens.labels(s.provider, s.model, "completion");
            s.cached = tokens.labels(s.provider, s.model, "cached");
        }
        s.prompt.inc(usage.promptTokens());
        s.completion.inc(usage.completionTokens());
        s.cached.inc(usage.cachedTokens());
        double usd = OutcomeCost.usd(o);
        if (usd > 0) {
            if (s.cost == null) {
                s.cost = cost.labels(s.provider, s.model);
            }
            s.cost.inc(usd);
        }
    }

    /** Deployments compare by provider, key and upstream model; the alias is already bounded. */
    private record SeriesKey(String alias, Deployment deployment, boolean stream) {
    }

    /**
     * The children of the collectors for one {@link SeriesKey}, each made on first use (a child
     * exists in the exposition from then on), so that an outcome looks its labels up once rather
     * than at every collector.
     */
    private static final class Series {
        final String alias;
        final String provider;
        final String stream;
        /** The upstream model's label; null without a deployment. */
        final String model;
        Histogram.Child duration;
        Histogram.Child ttft;
        Histogram.Child overhead;
        Counter.Child prompt;
        Counter.Child completion;
        Counter.Child cached;
        Counter.Child cost;

        Series(String alias, String provider, String stream, String model) {
            this.alias = alias;
            this.provider = provider;
            this.stream = stream;
            this.model = model;
        }
    }
}
