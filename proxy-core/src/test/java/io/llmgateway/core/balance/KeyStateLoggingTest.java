package io.llmgateway.core.balance;

import static io.llmgateway.core.balance.Fixtures.oneProvider;
import static io.llmgateway.core.balance.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.balance.Fixtures.Setup;
import io.llmgateway.core.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every change of a key's health is logged once, with the key, the provider and the reason, never the secret. */
class KeyStateLoggingTest {

    private static final String SECRET = "sk-very-secret-value";

    private final Logger logger = Logger.getLogger(KeyStateRegistry.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(levelBefore);
    }

    private List<String> lines(Level level) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
        }
    }

    @Test
    void threeAuthFailuresDisableTheKeyWithOneWarning() {
        String yaml = oneProvider("- {id: a, secret: " + SECRET + "}", "{auth_failure_threshold: 3, failure_threshold: 10}");
        Setup s = new Setup(yaml);
        Route m = s.route("m");
        for (int i = 0; i < 3; i++) {
            s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.failure(ErrorKind.AUTH, 401, -1, null));
        }
        assertThat(lines(Level.WARNING)).containsExactly(
                "key 'a' of provider 'p' is disabled until a config reload or an admin enables it: "
                        + "3 consecutive 401 responses");

        s.reload(yaml);
        assertThat(lines(Level.INFO)).containsExactly(
                "key 'a' of provider 'p' is back in rotation (the config was reloaded), its share ramping up over "
                        + "30000 ms");
        synchronized (records) {
            assertThat(records).allSatisfy(r -> assertThat(r.getMessage()).doesNotContain(SECRET));
        }
    }

    @Test
    void anAdminDisableSaysThatReloadsKeepIt() {
        Setup s = new Setup(oneProvider("- {id: a, secret: " + SECRET + "}", "{}"));
        s.registry.disable("p", "a", "");
        s.reload(oneProvider("- {id: a, secret: " + SECRET + "}", "{}"));
        assertThat(lines(Level.WARNING)).containsExactly(
                "key 'a' of provider 'p' is disabled until an admin enables it (reloads keep it disabled): "
                        + "disabled by an administrator");
        assertThat(lines(Level.INFO)).isEmpty();
    }

    @Test
    void aRateLimitCoolsDownOnceAndASuccessfulProbeRecovers() {
        Setup s = new Setup(oneProvider("- {id: a, secret: s, max_concurrent: 0}", "{cooldown_ms: 10000, ramp_ms: 0}"));
        Route m = s.route("m");
        Lease first = s.balancer.acquire(m, request(1, 1), Set.of());
        Lease second = s.balancer.acquire(m, request(1, 1), Set.of());
        first.release(Result.failure(ErrorKind.RATE_LIMITED, 429, -1, null));
        second.release(Result.failure(ErrorKind.RATE_LIMITED, 429, -1, null));
        assertThat(lines(Level.WARNING)).as("one line per change, not per response").containsExactly(
                "key 'a' of provider 'p' cools down for 10000 ms: rate limited (429)");

        s.ticker.advanceMillis(10_000);
        Lease probe = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(lines(Level.FINE)).containsExactly("key 'a' of provider 'p' cooled down: one probe request decides");
        probe.release(Result.success(200, null, null));
        assertThat(lines(Level.INFO)).containsExactly(
                "key 'a' of provider 'p' is back in rotation (its probe succeeded)");
        for (int i = 0; i < 5; i++) {
            s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.success(200, null, null));
        }
        assertThat(records).as("nothing per request").hasSize(3);
    }

    @Test
    void consecutiveFailuresAndAFailedProbeCoolDownWithTheirReason() {
        Setup s = new Setup(oneProvider("- {id: a, secret: s}", "{failure_threshold: 2, cooldown_ms: 5000}"));
        Route m = s.route("m");
        s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.failure(ErrorKind.SERVER_ERROR, 500, -1, null));
        s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.failure(ErrorKind.SERVER_ERROR, 502, -1, null));
        s.ticker.advanceMillis(5_000);
        s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.failure(ErrorKind.OVERLOADED, 503, -1, null));
        assertThat(lines(Level.WARNING)).hasSize(2).satisfiesExactly(
                first -> assertThat(first).startsWith("key 'a' of provider 'p' cools down for 5000 ms: 2 consecutive "
                        + "failures: "),
                second -> assertThat(second).startsWith("key 'a' of provider 'p' cools down for 5000 ms: probe failed: "));
    }
}
