package io.llmgateway.core.gcp;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.secrets.PublishedSecretMatcher;
import io.llmgateway.core.secrets.SecretMatcher;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * The access token of one service account, kept fresh: fetched when the source starts, refreshed
 * at {@value #REFRESH_PERCENT}% of its lifetime (a 3600 s token after 48 minutes), again at once
 * when a provider answers 401 to it (once per token), and after a failed exchange retried with
 * backoff (1 s, 2 s, 4 s... up to {@value #MAX_BACKOFF_MILLIS} ms) while the current token, if
 * any, stays in use. A token is used until {@value #USABLE_PERCENT}% of its lifetime at most
 * ({@value #MAX_EXPIRY_MARGIN_MILLIS} ms before it expires at the latest), so that a request
 * never reaches the provider with a token about to expire; a request that finds none while an
 * exchange is under way waits for its end ({@link #exchangeUnderWay()}, {@link #whenExchangeEnds}).
 *
 * <pre>
 *   start() --exchange--&gt; token ----- 80% of expires_in ----&gt; exchange --&gt; next token ...
 *              '--failure--&gt; retry in 1 s, 2 s, 4 s ...           '-- 401 on the token: exchange now
 * </pre>
 *
 * <p>The tokens are credentials: each new one is published, with the one it replaced (until the
 * first refresh after that one expired), as the {@link SecretMatcher} of the account's
 * {@link ServiceAccountKey#issuedTokens()} — what the proxy searches upstream error bodies, error
 * events and relayed headers with, so that an upstream quoting the bearer token never gets it to a
 * client or a log.
 *
 * <p>Threads: every state change runs on the {@link RefreshScheduler}'s one thread (the exchange's
 * answer comes back to it), so the fields below need no lock; the event loops only read
 * {@link #token()} (a volatile read and a clock read: no allocation, no lock, no wait) and the
 * published matcher, and ask with {@link #rejected} for a refresh, which is handed to the scheduler.
 */
public final class ServiceAccountTokenSource {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ServiceAccountTokenSource.class);

    static final int REFRESH_PERCENT = 80;
    static final int USABLE_PERCENT = 90;
    static final long MAX_EXPIRY_MARGIN_MILLIS = 60_000;
    /** The shortest wait before a refresh, so that a token shorter-lived than its own exchange cannot spin. */
    static final long MIN_REFRESH_MILLIS = 250;
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 30_000;

    private final ServiceAccountKey account;
    private final String scope;
    private final TokenEndpoint endpoint;
    private final RefreshScheduler scheduler;
    private final LongSupplier clockMillis;
    /** The token to send, until when (before its expiry, by the margin above), and its expiry; published together. */
    private record Usable(String value, long untilMillis, long expiresAtMillis) {
        @Override
        public String toString() {
            return "Usable[untilMillis=" + untilMillis + ']';
        }
    }

    /** Written on the scheduler thread, read by every event loop. */
    private volatile Usable current;
    /**
     * Completed when the exchange under way ends; a completed one while none is. The first exchange
     * counts as under way from construction, so that requests before {@link #start()} wait for it.
     */
    private volatile CompletableFuture<Void> exchangeEnd = new CompletableFuture<>();
    /** Why there is no token, for the error a request gets; null after a successful exchange. */
    private volatile String failure;
    /** The matcher of the current token and the one it replaced; read by {@link #publishTo} on the reload thread. */
    private volatile SecretMatcher tokens = SecretMatcher.none();

    // Confined to the scheduler thread.
    private boolean exchanging;
    private boolean closed;
    private int failures;
    private Runnable cancelNext;
    /** The token a 401 already caused a refresh of: a second 401 on it asks nothing more. */
    private String rejectedValue;
    /** The token the current one replaced, matched until the first refresh after it expired; null when none. */
    private Usable replaced;
    /**
     * Where {@link #tokens} is published: the holders of the key instances of the current
     * configuration (an unchanged key file read again at a reload is a new, equal instance that keeps
     * this source; two keys may name the same file), and of the configuration before, whose
     * requests may still be under way.
     */
    private List<PublishedSecretMatcher> published;
    private List<PublishedSecretMatcher> publishedBefore = List.of();

    public ServiceAccountTokenSource(ServiceAccountKey account, String scope, TokenEndpoint endpoint,
            RefreshScheduler scheduler, LongSupplier clockMillis) {
        this.account = requireNonNull(account, "account");
        this.scope = requireNonNull(scope, "scope");
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.clockMillis = requireNonNull(clockMillis, "clockMillis");
        this.published = List.of(account.issuedTokens());
    }

    public ServiceAccountKey account() {
        return account;
    }

    /**
     * Publishes this source's tokens to {@code holders} (those of the keys of a new configuration
     * naming this account) from now on, and to the previous configuration's until the next call.
     * Called on the reload thread before that configuration is published, so that its first request
     * already finds the current tokens.
     */
    public void publishTo(List<PublishedSecretMatcher> holders) {
        List<PublishedSecretMatcher> next = List.copyOf(holders);
        SecretMatcher now = tokens;
        for (PublishedSecretMatcher h : next) {
            h.publish(now); // initialises a holder no reader sees yet
        }
        scheduler.execute(() -> {
            publishedBefore = published;
            published = next;
            SecretMatcher latest = tokens; // a refresh may have published since
            for (PublishedSecretMatcher h : next) {
                h.publish(latest);
            }
        });
    }

    /** Starts the first exchange. */
    public void start() {
        scheduler.execute(this::exchange);
    }

    /** Stops refreshing (the account left the configuration); an exchange under way is ignored when it ends. */
    public void close() {
        scheduler.execute(() -> {
            closed = true;
            cancelScheduled();
            exchangeEnd.complete(null);
        });
    }

    /** The token to send now; null when there is none, or it expired. Hot path: any thread, never blocks. */
    public String token() {
        Usable t = current;
        return t != null && clockMillis.getAsLong() < t.untilMillis() ? t.value() : null;
    }

    /** Whether an exchange is under way (a request without a token may wait for it rather than fail). */
    public boolean exchangeUnderWay() {
        return !exchangeEnd.isDone();
    }

    /**
     * Runs {@code then} when the exchange under way has ended, well or not (on the scheduler's
     * thread), or at once on the caller's when none is.
     */
    public void whenExchangeEnds(Runnable then) {
        exchangeEnd.whenComplete((v, e) -> then.run());
    }

    /** Why {@link #token()} is null, for the error a client gets and the log: never a secret. */
    public String unavailableReason() {
        String f = failure;
        String why = f != null ? f : current != null ? "the token expired and its refresh has not ended"
                : "the first token exchange has not ended";
        return "no OAuth access token for service account " + account.clientEmail() + ": " + why;
    }

    /** A provider answered 401 to {@code token}: exchange again now, once for that token. */
    public void rejected(String token) {
        scheduler.execute(() -> {
            Usable t = current;
            if (closed || t == null || !t.value().equals(token) || token.equals(rejectedValue)) {
                return;
            }
            rejectedValue = token;
            LOG.warn("service account {}: the provider refused its access token (401); exchanging for a new one",
                    account.clientEmail());
            cancelScheduled();
            exchange();
        });
    }

    private void exchange() {
        if (closed || exchanging) {
            return;
        }
        exchanging = true;
        if (exchangeEnd.isDone()) {
            exchangeEnd = new CompletableFuture<>();
        }
        long now = clockMillis.getAsLong();
        CompletableFuture<AccessToken> answer;
        try {
            answer = endpoint.exchange(account.tokenUri(), JwtAssertion.sign(account, scope, now / 1000), now);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(new TokenExchangeException(e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
        answer.whenComplete((token, error) -> scheduler.execute(() -> exchanged(token, error)));
    }

    private void exchanged(AccessToken token, Throwable error) {
        exchanging = false;
        if (closed) {
            exchangeEnd.complete(null);
            return;
        }
        if (token != null) {
            Usable before = current;
            boolean first = before == null;
            long margin = Math.min(MAX_EXPIRY_MARGIN_MILLIS, token.lifetimeMillis() * (100 - USABLE_PERCENT) / 100);
            Usable next = new Usable(token.value(), token.expiresAtMillis() - margin, token.expiresAtMillis());
            publishTokens(next, before);
            current = next;
            failure = null;
            failures = 0;
            // Timed from the exchange's start, as the expiry is: a slow exchange shortens the wait.
            long refreshAt = token.expiresAtMillis() - token.lifetimeMillis() * (100 - REFRESH_PERCENT) / 100;
            long refreshIn = Math.max(MIN_REFRESH_MILLIS, refreshAt - clockMillis.getAsLong());
            if (first) {
                LOG.info("service account {}: access token obtained from {}, valid {} s, refreshed after {} s",
                        account.clientEmail(), account.tokenUri(), seconds(token.lifetimeMillis()), seconds(refreshIn));
            } else {
                LOG.debug("service account {}: access token refreshed, valid {} s", account.clientEmail(),
                        seconds(token.lifetimeMillis()));
            }
            cancelNext = scheduler.schedule(this::exchange, refreshIn);
        } else {
            failures++;
            failure = reason(error);
            long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(failures - 1, 20));
            LOG.warn("service account {}: token exchange failed ({}); retrying in {} ms", account.clientEmail(),
                    failure, backoff);
            cancelNext = scheduler.schedule(this::exchange, backoff);
        }
        exchangeEnd.complete(null);
    }

    /**
     * Publishes the matcher of {@code next} and of the token it replaces — or, when that is the same
     * token again, of the one replaced before, while it has not expired: an answer to a request sent
     * with it may still be on its way. Before {@code next} is sent, so that no answer to it is unmatched.
     */
    private void publishTokens(Usable next, Usable before) {
        if (before != null && !before.value().equals(next.value())) {
            replaced = before;
        }
        if (replaced != null && (replaced.value().equals(next.value())
                || clockMillis.getAsLong() >= replaced.expiresAtMillis())) {
            replaced = null;
        }
        SecretMatcher m = replaced == null ? SecretMatcher.of(next.value())
                : SecretMatcher.anyOf(SecretMatcher.of(next.value()), SecretMatcher.of(replaced.value()));
        tokens = m;
        for (PublishedSecretMatcher holder : published) {
            holder.publish(m);
        }
        for (PublishedSecretMatcher holder : publishedBefore) {
            holder.publish(m);
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }

    private static String reason(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof TokenExchangeException ? e.getMessage() : HttpTokenEndpoint.describe(e);
    }

    private void cancelScheduled() {
        Runnable c = cancelNext;
        cancelNext = null;
        if (c != null) {
            c.run();
        }
    }

    @Override
    public String toString() {
        return "ServiceAccountTokenSource[" + account.clientEmail() + ']';
    }
}
