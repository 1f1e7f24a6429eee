package io.llmgateway.core.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.secrets.PublishedSecretMatcher;
import io.llmgateway.core.secrets.SecretMatcher;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Refresh scheduling on a hand-driven clock: no thread, no sleep, every step checked. */
class ServiceAccountTokenSourceTest {

    private static final long START = 1_765_000_000_000L;

    /** One exchange the source asked for: its assertion, and the future the test completes. */
    private record Exchange(String assertion, long atMillis, CompletableFuture<AccessToken> answer) {
    }

    private final ManualScheduler scheduler = new ManualScheduler(START);
    private final List<Exchange> exchanges = new ArrayList<>();
    private final TokenEndpoint endpoint = (URI uri, String assertion, long now) -> {
        Exchange e = new Exchange(assertion, now, new CompletableFuture<>());
        exchanges.add(e);
        return e.answer;
    };
    private final ServiceAccountKey key = TestServiceAccounts.key(TestServiceAccounts.keyPair(), "gw@p.iam",
            "https://oauth2.example/token");
    private final ServiceAccountTokenSource source = new ServiceAccountTokenSource(key, "scope", endpoint, scheduler,
            scheduler::now);

    private void answer(int exchange, String token, long lifetimeSeconds) {
        Exchange e = exchanges.get(exchange);
        e.answer.complete(new AccessToken(token, e.atMillis + lifetimeSeconds * 1000, lifetimeSeconds * 1000));
        scheduler.runReady();
    }

    private void fail(int exchange, String message) {
        exchanges.get(exchange).answer.completeExceptionally(new TokenExchangeException(message));
        scheduler.runReady();
    }

    @Test
    void refreshesAtEightyPercentOfTheLifetimeAndKeepsTheOldTokenMeanwhile() {
        assertThat(source.exchangeUnderWay()).isTrue();
        source.start();
        scheduler.runReady();
        assertThat(exchanges).hasSize(1);
        assertThat(exchanges.get(0).assertion.split("\\.")).hasSize(3);
        assertThat(source.token()).isNull();

        answer(0, "tok-1", 3600);
        assertThat(source.exchangeUnderWay()).isFalse();
        assertThat(source.token()).isEqualTo("tok-1");
        assertThat(scheduler.nextDelay()).isEqualTo(2_880_000);

        scheduler.advance(2_879_999);
        assertThat(exchanges).hasSize(1);
        scheduler.advance(1);
        assertThat(exchanges).hasSize(2);
        assertThat(source.token()).as("while the refresh runs").isEqualTo("tok-1");
        answer(1, "tok-2", 3600);
        assertThat(source.token()).isEqualTo("tok-2");
        assertThat(scheduler.nextDelay()).isEqualTo(2_880_000);
    }

    @Test
    void shortLivedTokensAreRefreshedBeforeTheyExpire() {
        source.start();
        scheduler.runReady();
        answer(0, "t1", 3);
        assertThat(scheduler.nextDelay()).isEqualTo(2_400);
        scheduler.advance(2_400);
        answer(1, "t2", 3);
        scheduler.advance(2_400);
        answer(2, "t3", 3);
        assertThat(exchanges).hasSize(3);
        assertThat(source.token()).isEqualTo("t3");
    }

    @Test
    void aFailedRefreshRetriesWithBackoffAndTheTokenServesUntilItExpires() {
        source.start();
        scheduler.runReady();
        answer(0, "tok", 100);
        scheduler.advance(80_000);
        fail(1, "token endpoint https://oauth2.example/token: cannot connect");
        assertThat(source.token()).isEqualTo("tok");
        assertThat(scheduler.nextDelay()).isEqualTo(1_000);
        scheduler.advance(1_000);
        fail(2, "down");
        assertThat(scheduler.nextDelay()).isEqualTo(2_000);
        scheduler.advance(2_000);
        fail(3, "down");
        assertThat(scheduler.nextDelay()).isEqualTo(4_000);
        scheduler.advance(4_000);
        fail(4, "token endpoint https://oauth2.example/token answered 400: invalid_grant (Invalid JWT Signature.)");
        assertThat(scheduler.nextDelay()).isEqualTo(8_000);
        scheduler.advance(2_999);
        assertThat(source.token()).as("89.999 s into a 100 s token").isEqualTo("tok");
        scheduler.advance(1);
        assertThat(source.token()).as("not sent in the last 10% of its life").isNull();
        assertThat(source.exchangeUnderWay()).as("the next retry is 5 s away: a request fails at once").isFalse();
        assertThat(source.unavailableReason()).isEqualTo("no OAuth access token for service account gw@p.iam: "
                + "token endpoint https://oauth2.example/token answered 400: invalid_grant (Invalid JWT Signature.)");

        scheduler.advance(scheduler.nextDelay());
        assertThat(source.exchangeUnderWay()).isTrue();
        answer(5, "tok-back", 100);
        assertThat(source.token()).isEqualTo("tok-back");
        assertThat(scheduler.nextDelay()).as("back to the regular schedule").isEqualTo(80_000);
    }

    @Test
    void aRequestThatFindsTheTokenSpentWhileItsRefreshRunsMayWaitForIt() {
        source.start();
        scheduler.runReady();
        answer(0, "old", 10);
        scheduler.advance(8_000);
        assertThat(exchanges).as("the refresh, at 80%").hasSize(2);
        assertThat(source.exchangeUnderWay()).isTrue();
        assertThat(source.token()).isEqualTo("old");
        scheduler.advance(1_000);
        assertThat(source.token()).as("at 90%, the refresh still running").isNull();
        List<String> woken = new ArrayList<>();
        source.whenExchangeEnds(() -> woken.add(source.token()));
        assertThat(woken).isEmpty();
        answer(1, "new", 10);
        assertThat(woken).containsExactly("new");
        assertThat(source.exchangeUnderWay()).isFalse();
        source.whenExchangeEnds(() -> woken.add("at once"));
        assertThat(woken).containsExactly("new", "at once");
    }

    @Test
    void hourLongTokensAreSentUntilAMinuteBeforeTheyExpire() {
        source.start();
        scheduler.runReady();
        answer(0, "tok", 3600);
        scheduler.advance(2_880_000);
        assertThat(exchanges).hasSize(2);
        scheduler.advance(3_540_000 - 2_880_000 - 1);
        assertThat(source.token()).isEqualTo("tok");
        scheduler.advance(1);
        assertThat(source.token()).isNull();
    }

    @Test
    void theRefreshIsTimedFromTheExchangesStartLikeTheExpiry() {
        source.start();
        scheduler.runReady();
        scheduler.advance(1_500); // a slow exchange: the token's 3 s count from its start
        answer(0, "t1", 3);
        assertThat(scheduler.nextDelay()).as("at 2.4 s from the start").isEqualTo(900);
        assertThat(source.token()).isEqualTo("t1");
        scheduler.advance(900);
        assertThat(exchanges).hasSize(2);
        scheduler.advance(299);
        assertThat(source.token()).isEqualTo("t1");
        scheduler.advance(1);
        assertThat(source.token()).as("2.7 s from the start").isNull();
        assertThat(source.exchangeUnderWay()).isTrue();
    }

    @Test
    void theBackoffStopsGrowingAtThirtySeconds() {
        source.start();
        scheduler.runReady();
        for (int i = 0; i < 8; i++) {
            fail(i, "down");
            scheduler.advance(scheduler.nextDelay());
        }
        fail(8, "down");
        assertThat(scheduler.nextDelay()).isEqualTo(ServiceAccountTokenSource.MAX_BACKOFF_MILLIS);
    }

    @Test
    void aFailedFirstExchangeEndsTheWaitAndSaysWhy() {
        List<String> woken = new ArrayList<>();
        source.whenExchangeEnds(() -> woken.add("woken"));
        source.start();
        scheduler.runReady();
        assertThat(woken).isEmpty();
        fail(0, "token endpoint https://oauth2.example/token: cannot connect");
        assertThat(woken).containsExactly("woken");
        assertThat(source.exchangeUnderWay()).isFalse();
        assertThat(source.token()).isNull();
        assertThat(source.unavailableReason()).isEqualTo("no OAuth access token for service account gw@p.iam: "
                + "token endpoint https://oauth2.example/token: cannot connect");
    }

    @Test
    void a401ExchangesAgainOncePerToken() {
        source.start();
        scheduler.runReady();
        answer(0, "tok-1", 3600);
        source.rejected("tok-1");
        scheduler.runReady();
        assertThat(exchanges).as("at once, not at 80%").hasSize(2);
        source.rejected("tok-1");
        scheduler.runReady();
        assertThat(exchanges).as("a second 401 on the same token while its refresh runs").hasSize(2);
        answer(1, "tok-2", 3600);
        source.rejected("tok-1");
        scheduler.runReady();
        assertThat(exchanges).as("a late 401 on the old token").hasSize(2);
        assertThat(scheduler.nextDelay()).isEqualTo(2_880_000);
        source.rejected("tok-2");
        scheduler.runReady();
        assertThat(exchanges).hasSize(3);
    }

    @Test
    void closeStopsTheRefreshesAndIgnoresAnAnswerUnderWay() {
        source.start();
        scheduler.runReady();
        answer(0, "tok", 3600);
        source.close();
        scheduler.runReady();
        assertThat(scheduler.nextDelay()).isEqualTo(-1);
        scheduler.advance(10_000_000);
        assertThat(exchanges).hasSize(1);
    }

    @Test
    void theTokenNeverAppearsInTheSourcesStrings() {
        source.start();
        scheduler.runReady();
        answer(0, "ya29.secret-token-value", 3600);
        assertThat(source.toString()).doesNotContain("ya29");
        assertThat(source.unavailableReason()).doesNotContain("ya29");
        assertThat(new AccessToken("ya29.secret-token-value", 1, 1).toString()).doesNotContain("ya29");
    }

    @Test
    void eachTokenIsPublishedAsACredentialWithTheOneItReplacedUntilThatExpired() {
        SecretMatcher before = key.issuedTokens().current();
        assertThat(before.searched()).as("no token yet").isFalse();
        source.start();
        scheduler.runReady();
        answer(0, "ya29.token-one", 100);
        assertThat(key.issuedTokens().current().foundIn("Bearer ya29.token-one")).isTrue();

        scheduler.advance(80_000);
        answer(1, "ya29.token-two", 100);
        SecretMatcher both = key.issuedTokens().current();
        assertThat(both.foundIn("Bearer ya29.token-two")).isTrue();
        assertThat(both.foundIn("Bearer ya29.token-one")).as("replaced, valid for 20 s more").isTrue();

        scheduler.advance(80_000);
        answer(2, "ya29.token-three", 100);
        SecretMatcher later = key.issuedTokens().current();
        assertThat(later.foundIn("ya29.token-three")).isTrue();
        assertThat(later.foundIn("ya29.token-two")).isTrue();
        assertThat(later.foundIn("ya29.token-one")).as("expired before this refresh").isFalse();
    }

    @Test
    void aHolderGivenAtAReloadFindsTheCurrentTokensAtOnceAndLaterOnes() {
        source.start();
        scheduler.runReady();
        answer(0, "ya29.token-one", 100);
        PublishedSecretMatcher reloaded = new PublishedSecretMatcher();

        source.publishTo(List.of(reloaded));
        assertThat(reloaded.current().foundIn("ya29.token-one")).as("before the refresh thread ran").isTrue();
        scheduler.advance(80_000);
        answer(1, "ya29.token-two", 100);
        assertThat(reloaded.current().foundIn("ya29.token-two")).isTrue();
        assertThat(key.issuedTokens().current().foundIn("ya29.token-two"))
                .as("the configuration before, whose requests may be under way").isTrue();

        source.publishTo(List.of(new PublishedSecretMatcher()));
        scheduler.runReady();
        scheduler.advance(80_000);
        answer(2, "ya29.token-three", 100);
        assertThat(reloaded.current().foundIn("ya29.token-three")).isTrue();
        assertThat(key.issuedTokens().current().foundIn("ya29.token-three")).as("two configurations ago").isFalse();
    }
}
