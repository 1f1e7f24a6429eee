package io.llmgateway.core.gcp;

import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.secrets.PublishedSecretMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The running {@link ServiceAccountTokenSource} of every service account the configuration names
 * ({@code providers[].keys[].credentials_file}), kept across reloads: a reload that reads the same
 * key file keeps its source and token; a changed file (another key, account or token URI) gets a
 * new source, and the old one stops.
 *
 * <pre>
 *   AccessTokens tokens = AccessTokens.start();     // once per server
 *   tokens.reconfigure(config);                     // at start and at every reload, before publishing
 *   String t = tokens.source(key.serviceAccount()).token();   // per request, on an event loop
 * </pre>
 *
 * <p>Every key instance that names an account is given that account's tokens to match
 * ({@link ServiceAccountTokenSource#publishTo}), so that its deployments withhold what quotes them.
 *
 * <p>Threads: {@link #source} is a read of an immutable map published through a volatile field
 * (any thread, no lock); {@link #reconfigure} and {@link #close} are synchronized and run on the
 * reload thread. The exchanges and their timers run on one daemon thread, started with the first
 * source.
 */
public final class AccessTokens implements AutoCloseable {

    /** Nothing configured: no source, no thread. */
    public static final AccessTokens NONE = new AccessTokens(null, null, System::currentTimeMillis);

    private final RefreshScheduler scheduler;
    private final TokenEndpoint endpoint;
    private final LongSupplier clockMillis;
    private final ScheduledThreadPoolExecutor executor;
    private volatile Map<ServiceAccountKey, ServiceAccountTokenSource> sources = Map.of();

    /** For tests: a scheduler, an endpoint and a clock of their own. */
    public AccessTokens(RefreshScheduler scheduler, TokenEndpoint endpoint, LongSupplier clockMillis) {
        this(scheduler, endpoint, clockMillis, null);
    }

    private AccessTokens(RefreshScheduler scheduler, TokenEndpoint endpoint, LongSupplier clockMillis,
            ScheduledThreadPoolExecutor executor) {
        this.scheduler = scheduler;
        this.endpoint = endpoint;
        this.clockMillis = clockMillis;
        this.executor = executor;
    }

    /** The gateway's: one daemon thread {@code gcp-token-refresh} for the exchanges and their timers. */
    public static AccessTokens start() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gcp-token-refresh");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        RefreshScheduler scheduler = new RefreshScheduler() {
            @Override
            public void execute(Runnable task) {
                try {
                    executor.execute(task);
                } catch (RejectedExecutionException e) {
                    // the gateway is stopping: nothing is refreshed any more
                }
            }

            @Override
            public Runnable schedule(Runnable task, long delayMillis) {
                try {
                    ScheduledFuture<?> f = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
                    return () -> f.cancel(false);
                } catch (RejectedExecutionException e) {
                    return () -> { };
                }
            }
        };
        return new AccessTokens(scheduler, new HttpTokenEndpoint(executor), System::currentTimeMillis, executor);
    }

    /** The source of {@code account}; null when the current configuration does not name it. */
    public ServiceAccountTokenSource source(ServiceAccountKey account) {
        return sources.get(account);
    }

    /** Starts a source for each service account {@code config} names anew, stops those it no longer names. */
    public synchronized void reconfigure(GatewayConfig config) {
        Map<ServiceAccountKey, ServiceAccountTokenSource> before = sources;
        Map<ServiceAccountKey, ServiceAccountTokenSource> next = new HashMap<>();
        Map<ServiceAccountTokenSource, List<PublishedSecretMatcher>> holders = new IdentityHashMap<>();
        for (ProviderConfig p : config.providers()) {
            for (KeyConfig k : p.keys()) {
                ServiceAccountKey account = k.serviceAccount();
                if (account == null) {
                    continue;
                }
                ServiceAccountTokenSource s = next.get(account);
                if (s == null) {
                    s = before.get(account);
                }
                if (s == null) {
                    if (scheduler == null) {
                        throw new IllegalStateException("AccessTokens.NONE cannot run service account "
                                + account.clientEmail());
                    }
                    s = new ServiceAccountTokenSource(account, JwtAssertion.CLOUD_PLATFORM_SCOPE, endpoint, scheduler,
                            clockMillis);
                    s.start();
                }
                next.put(account, s);
                holders.computeIfAbsent(s, x -> new ArrayList<>()).add(account.issuedTokens());
            }
        }
        // Every key instance naming the account matches its tokens: its deployments search with it.
        holders.forEach(ServiceAccountTokenSource::publishTo);
        sources = Map.copyOf(next);
        for (Map.Entry<ServiceAccountKey, ServiceAccountTokenSource> e : before.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                e.getValue().close();
            }
        }
    }

    @Override
    public synchronized void close() {
        for (ServiceAccountTokenSource s : sources.values()) {
            s.close();
        }
        sources = Map.of();
        if (executor != null) {
            executor.shutdown();
        }
    }
}
