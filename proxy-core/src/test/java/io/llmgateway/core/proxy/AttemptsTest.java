package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.core.balance.Balancer;
import io.llmgateway.core.balance.CallbackLoop;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.balance.RequestInfo;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.RoutingTable;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The attempt loop against a real balancer, on a loop the test runs by hand: no sockets, no clock. */
class AttemptsTest {

    private static final String PROVIDERS = """
            providers:
              - id: p
                type: openai
                base_url: "http://h/v1"
                keys: [{id: k1, secret: s1}, {id: k2, secret: s2}, {id: k3, secret: s3}]
              - id: q
                type: openai
                base_url: "http://q/v1"
                keys: [{id: one, secret: s4, limit_req_per_min: 1}]
            """;

    /** Attempt callbacks, recorded. */
    private static final class Recorder implements Attempts.Listener {
        final List<Deployment> ready = new ArrayList<>();
        int refusals;

        @Override
        public void attemptReady(Deployment deployment) {
            ready.add(deployment);
        }

        @Override
        public void attemptsRefused() {
            refusals++;
        }

        Deployment last() {
            return ready.get(ready.size() - 1);
        }
    }

    /** Timers that fire only when the test says. */
    private static final class HandLoop implements CallbackLoop {
        final List<Runnable> timers = new ArrayList<>();
        final List<Long> delays = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public Runnable schedule(Runnable task, long delayMillis) {
            timers.add(task);
            delays.add(delayMillis);
            return () -> timers.remove(task);
        }

        void fireAll() {
            List<Runnable> due = new ArrayList<>(timers);
            timers.clear();
            due.forEach(Runnable::run);
        }
    }

    private final Recorder listener = new Recorder();
    private final HandLoop loop = new HandLoop();

    private Attempts attempts(String aliasesAndPolicy, String model) throws Exception {
        GatewayConfig cfg = new ConfigLoader(Map.<String, String>of()::get).parse(PROVIDERS + aliasesAndPolicy, "t");
        RoutingTable routing = new RoutingTable(cfg);
        Balancer balancer = new Balancer(cfg, routing, new KeyStateRegistry());
        RouteWalk routes = new RouteWalk(routing, routing.resolve(model), 110);
        return new Attempts(balancer, routes, new RequestInfo(100, 10, false, List.of()), loop, cfg.policy(), 60_000,
                () -> 0.5, listener);
    }

    private static Result status(int status) {
        return FailureClassifier.upstreamError(status, ErrorClassification.UNKNOWN, null,
                new DefaultHttpHeaders());
    }

    @Test
    void anAnswerSettlesTheOnlyAttempt() throws Exception {
        Attempts a = attempts("model_aliases: {m: p:gpt}\n", "m");
        a.next();
        assertThat(listener.ready).hasSize(1);
        assertThat(a.count()).isEqualTo(1);
        a.settle(Result.success(200, null, null));
        a.cancel(null);
        assertThat(a.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.deployment()).isEqualTo(listener.last());
            assertThat(o.status()).isEqualTo(200);
            assertThat(o.error()).isEqualTo(ErrorKind.NONE);
            assertThat(o.startNanos()).isPositive();
            assertThat(o.sentNanos()).isZero(); // no response head was reported
            assertThat(o.endNanos()).isGreaterThanOrEqualTo(o.startNanos());
        });
        assertThat(a.lastDeployment()).isEqualTo(listener.last());
    }

    @Test
    void aRetryableFailureGoesToAnotherDeploymentAfterTheBackoff() throws Exception {
        Attempts a = attempts("model_aliases: {m: p:gpt}\npolicy: {retries: 2, backoff_ms: {initial: 100, max: 1000}}\n",
                "m");
        a.next();
        Deployment first = listener.last();
        assertThat(a.failed(status(500))).isTrue();
        a.next();
        assertThat(listener.ready).as("waits for the backoff").hasSize(1);
        assertThat(loop.delays).containsExactly(75L); // half of 100 + 0.5 × the other half, rounded
        loop.fireAll();
        assertThat(listener.ready).hasSize(2);
        assertThat(listener.last()).isNotEqualTo(first);
        assertThat(a.failed(status(429))).isTrue();
        a.next();
        loop.fireAll();
        assertThat(listener.ready).hasSize(3).doesNotHaveDuplicates();
        assertThat(a.failed(status(503))).as("2 retries = 3 attempts").isFalse();
        assertThat(a.outcomes()).extracting(AttemptOutcome::error)
                .containsExactly(ErrorKind.SERVER_ERROR, ErrorKind.RATE_LIMITED, ErrorKind.OVERLOADED);
        assertThat(a.outcomes()).extracting(AttemptOutcome::deployment).containsExactlyElementsOf(listener.ready);
    }

    @Test
    void clientErrorsAndAuthFailuresAreAnsweredNotRetried() throws Exception {
        Attempts a = attempts("model_aliases: {m: p:gpt}\n", "m");
        a.next();
        assertThat(a.failed(status(400))).isFalse();
        Attempts b = attempts("model_aliases: {m: p:gpt}\n", "m");
        b.next();
        assertThat(b.failed(status(401))).isFalse();
        assertThat(loop.timers).isEmpty();
    }

    @Test
    void aPromptTooLongGoesToTheFirstContextWindowFallbackThatFitsAtOnce() throws Exception {
        Attempts a = attempts("""
                model_aliases:
                  m: {targets: [p:small], context_window_fallbacks: [tiny, big, bigger]}
                  tiny: {targets: [p:tiny], context_window: 50}
                  big: {targets: [p:big], context_window: 100000}
                  bigger: p:bigger
                """, "m");
        assertThat(a.routes().fitContextWindow()).isTrue();
        a.next();
        Result tooLong = FailureClassifier.upstreamError(400,
                new ErrorClassification("context_length_exceeded", true), null,
                new DefaultHttpHeaders());
        assertThat(tooLong.error()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
        assertThat(a.failed(tooLong)).isTrue();
        a.next();
        assertThat(loop.timers).as("no backoff").isEmpty();
        assertThat(listener.last().upstreamModel()).isEqualTo("big");
        assertThat(a.routes().current().name()).isEqualTo("big");
        assertThat(a.failed(tooLong)).isTrue();
        a.next();
        assertThat(listener.last().upstreamModel()).isEqualTo("bigger");
        assertThat(a.failed(tooLong)).as("no window left").isFalse();
    }

    @Test
    void aRequestLongerThanEveryKnownWindowFitsNoRoute() throws Exception {
        Attempts a = attempts("model_aliases:\n  m: {targets: [p:small], context_window: 50}\n", "m");
        assertThat(a.routes().fitContextWindow()).isFalse();
    }

    @Test
    void whenTheAliasIsExhaustedItsFallbacksAreTriedThenTheRefusalSaysWhy() throws Exception {
        Attempts a = attempts("""
                model_aliases:
                  m: {targets: [q:limited], fallbacks: [n]}
                  n: q:other
                """, "m");
        a.next();
        assertThat(listener.last().key().id()).isEqualTo("one");
        a.settle(Result.success(200, null, null));
        a.next();
        assertThat(listener.refusals).isEqualTo(1);
        assertThat(a.routes().refusedForNow()).as("over its requests per minute: a matter of time").isTrue();
        assertThat(a.routes().refusalRetryAfterMs()).isPositive();
        assertThat(a.routes().names()).containsExactly("m", "n");
    }

    @Test
    void aRefusalWithEveryDeploymentTriedIsNotAMatterOfTime() throws Exception {
        Attempts a = attempts("model_aliases: {m: q:gpt}\npolicy: {retries: 3, backoff_ms: {initial: 0, max: 0}}\n", "m");
        a.next();
        assertThat(a.failed(status(500))).isTrue();
        a.next();
        assertThat(listener.refusals).as("the only deployment is excluded").isEqualTo(1);
        assertThat(a.routes().refusedForNow()).isFalse();
    }

    @Test
    void aStalePooledConnectionIsResentAtMostTwice() throws Exception {
        Attempts a = attempts("model_aliases: {m: p:gpt}\n", "m");
        assertThat(a.resendOnFreshConnection()).isTrue();
        assertThat(a.resendOnFreshConnection()).isTrue();
        assertThat(a.resendOnFreshConnection()).isFalse();
    }

    @Test
    void cancellingGivesTheLeaseBackOnceAndDropsAPendingBackoff() throws Exception {
        Attempts a = attempts("model_aliases: {m: q:gpt}\n", "m");
        a.next();
        a.cancel(null);
        a.cancel(null);
        assertThat(a.outcomes()).extracting(AttemptOutcome::error).containsExactly(ErrorKind.CANCELLED);

        Attempts b = attempts("model_aliases: {m: p:gpt}\n", "m");
        b.next();
        assertThat(b.failed(status(502))).isTrue();
        b.next();
        assertThat(loop.timers).hasSize(1);
        b.cancel(null);
        assertThat(loop.timers).isEmpty();
    }
}
