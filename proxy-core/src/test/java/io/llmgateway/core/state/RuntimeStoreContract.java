package io.llmgateway.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RuntimeStore} does, run against each implementation: the in-memory reference
 * and Redis (a single node and a cluster). Only what needs no time travel is here, since Redis's
 * clock is the real one; what needs it is tested on the reference's clock
 * ({@code MemoryRuntimeStoreTest}).
 *
 * <p>A subclass gives the store under test, a peer (another instance sharing its state) and an
 * isolated store (another key prefix), and says how time passes.
 */
abstract class RuntimeStoreContract {

    /** The longest a refused unit can wait: the whole window. */
    private static final long WINDOW_MS = 61_000;

    protected RuntimeStore store;

    /** A fresh store with empty state. */
    protected abstract RuntimeStore newStore();

    /** Another instance's view of {@link #store}'s state (the same object where nothing is shared). */
    protected abstract RuntimeStore peer();

    /** A store that shares nothing with {@link #store} (Redis: another key prefix on the same server). */
    protected abstract RuntimeStore isolated();

    /** The store's clock now (epoch ms). */
    protected abstract long now();

    /** Lets {@code millis} pass on the store's clock, then waits until {@code condition} holds. */
    protected abstract void afterMillis(long millis, String what, BooleanSupplier condition);

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void grantsUpToTheLimitThenRefusesWithTheTimeTheOldestBucketLeaves() {
        Grant first = store.lease("key:p/k", 10, 0, 6, 0, 0);
        assertThat(first.requests()).isEqualTo(6);
        assertThat(first.requestsUsed()).isEqualTo(6);
        assertThat(first.requestsFreeInMs()).isZero();

        Grant second = store.lease("key:p/k", 10, 0, 6, 0, 0);
        assertThat(second.requests()).isEqualTo(4);
        assertThat(second.requestsUsed()).isEqualTo(10);
        assertThat(second.requestsFreeInMs()).isZero();

        Grant refused = store.lease("key:p/k", 10, 0, 1, 0, 0);
        assertThat(refused.requests()).isZero();
        assertThat(refused.requestsUsed()).isEqualTo(10);
        // every unit was counted in the first seconds of the window: they leave about 60 s later
        assertThat(refused.requestsFreeInMs()).isBetween(50_000L, WINDOW_MS);
    }

    @Test
    void refusedTokensWaitForTheWholeAskToFit() {
        store.lease("key:p/k", 0, 1_000, 0, 1_000, 0);
        Grant refused = store.lease("key:p/k", 0, 1_000, 0, 500, 0);
        assertThat(refused.tokens()).isZero();
        assertThat(refused.tokensUsed()).isEqualTo(1_000);
        assertThat(refused.tokensFreeInMs()).isBetween(50_000L, WINDOW_MS);

        Grant tooBig = store.lease("key:p/k", 0, 1_000, 0, 5_000, 0);
        assertThat(tooBig.tokens()).isZero();
        assertThat(tooBig.tokensFreeInMs()).as("more than the window can hold").isEqualTo(WINDOW_MS);
    }

    @Test
    void debtIsCountedBeforeTheGrant() {
        Grant g = store.lease("key:p/k", 0, 100, 0, 100, 30);
        assertThat(g.tokens()).isEqualTo(70);
        assertThat(g.tokensUsed()).isEqualTo(100);

        Grant overdrawn = store.lease("key:p/k", 0, 100, 0, 10, 25);
        assertThat(overdrawn.tokens()).isZero();
        assertThat(overdrawn.tokensUsed()).as("debt counts even beyond the limit").isEqualTo(125);
        assertThat(overdrawn.tokensFreeInMs()).isBetween(50_000L, WINDOW_MS);
    }

    @Test
    void aLimitOfZeroGrantsEverythingAndCountsNothing() {
        Grant g = store.lease("key:p/k", 0, 0, 1_000_000, 5_000_000, 77);
        assertThat(g).extracting(Grant::requests, Grant::tokens, Grant::requestsUsed, Grant::tokensUsed,
                Grant::requestsFreeInMs, Grant::tokensFreeInMs).containsExactly(1_000_000L, 5_000_000L, 0L, 0L, 0L, 0L);

        Grant everything = store.lease("key:p/k", 0, 0, Long.MAX_VALUE, Long.MAX_VALUE, 0);
        assertThat(everything.requests()).isEqualTo(Long.MAX_VALUE);
        assertThat(everything.tokens()).isEqualTo(Long.MAX_VALUE);

        Grant limited = store.lease("key:p/k", 5, 100, 5, 100, 0);
        assertThat(limited.requests()).as("nothing was counted while unlimited").isEqualTo(5);
        assertThat(limited.tokens()).isEqualTo(100);
    }

    @Test
    void requestsAndTokensAreGrantedIndependently() {
        Grant g = store.lease("key:p/k", 2, 1_000, 5, 100, 0);
        assertThat(g.requests()).isEqualTo(2);
        assertThat(g.tokens()).isEqualTo(100);

        Grant noRequests = store.lease("key:p/k", 2, 1_000, 1, 100, 0);
        assertThat(noRequests.requests()).isZero();
        assertThat(noRequests.requestsFreeInMs()).isPositive();
        assertThat(noRequests.tokens()).isEqualTo(100);
        assertThat(noRequests.tokensFreeInMs()).isZero();
        assertThat(noRequests.tokensUsed()).isEqualTo(200);

        Grant tokensOnly = store.lease("key:p/k", 2, 1_000, 0, 100, 0);
        assertThat(tokensOnly.requestsFreeInMs()).as("no request was asked for").isZero();
    }

    @Test
    void givingBackTheCurrentBucketFreesItsUnitsButNeverBelowZero() {
        Grant g = store.lease("key:p/k", 10, 100, 10, 100, 0);
        store.giveBack("key:p/k", 4, 30, g.second());
        Grant again = store.lease("key:p/k", 10, 100, 10, 100, 0);
        assertThat(again.requests()).isEqualTo(4);
        assertThat(again.tokens()).isEqualTo(30);

        store.giveBack("key:p/k", 1_000, 1_000, again.second());
        store.giveBack("key:p/k", 1_000, 1_000, g.second());
        Grant afterOverGiving = store.lease("key:p/k", 10, 100, 20, 200, 0);
        assertThat(afterOverGiving.requests()).isEqualTo(10);
        assertThat(afterOverGiving.tokens()).isEqualTo(100);
    }

    @Test
    void givingBackToAScopeOrBucketNeverLeasedChangesNothing() {
        store.giveBack("key:never", 5, 5, now() / 1000);
        Grant g = store.lease("key:never", 3, 0, 5, 0, 0);
        assertThat(g.requests()).isEqualTo(3);
        store.giveBack("key:never", 3, 0, g.second() - 5);
        assertThat(store.lease("key:never", 3, 0, 1, 0, 0).requests()).isZero();
    }

    @Test
    void scopesAreIsolated() {
        store.lease("key:p/a", 3, 30, 3, 30, 0);
        Grant other = store.lease("key:p/b", 3, 30, 3, 30, 0);
        assertThat(other.requests()).isEqualTo(3);
        assertThat(other.tokens()).isEqualTo(30);
        assertThat(store.lease("key:p/a", 3, 30, 1, 1, 0).requests()).isZero();
    }

    @Test
    void scopesWithCharactersOfHashTagsAndSeparatorsStayApart() {
        store.lease("vkey:{a}:req", 1, 0, 1, 0, 0);
        assertThat(store.lease("vkey:{a}", 1, 0, 1, 0, 0).requests()).isEqualTo(1);
        assertThat(store.lease("vkey:{a}:req", 1, 0, 1, 0, 0).requests()).isZero();
    }

    @Test
    void twoInstancesShareOneWindow() {
        RuntimeStore other = peer();
        try {
            assertThat(store.lease("key:p/k", 10, 0, 7, 0, 0).requests()).isEqualTo(7);
            assertThat(other.lease("key:p/k", 10, 0, 7, 0, 0).requests()).isEqualTo(3);
            assertThat(store.lease("key:p/k", 10, 0, 1, 0, 0).requests()).isZero();
        } finally {
            closePeer(other);
        }
    }

    @Test
    void storesOfAnotherPrefixShareNothing() {
        RuntimeStore other = isolated();
        try {
            store.lease("key:p/k", 5, 0, 5, 0, 0);
            store.putFlag(new SharedFlag(SharedFlag.Kind.DISABLED, "p/k", Long.MAX_VALUE, "admin", "i1"));
            store.putQuota("p/k", new QuotaReading(1, 2, 3, 4, 5, 6, 7));
            store.addSpend("vkey:v", 2.5, now());
            store.heartbeat("i1", 60_000);

            assertThat(other.lease("key:p/k", 5, 0, 5, 0, 0).requests()).isEqualTo(5);
            assertThat(other.flags()).isEmpty();
            assertThat(other.quotas()).isEmpty();
            assertThat(other.version()).isZero();
            assertThat(other.spend("vkey:v")).isEqualTo(SpendTotals.NONE);
            assertThat(other.heartbeat("i2", 60_000)).isEqualTo(1);
            store.putEntry("vkeys", "vk1", "{}");
            assertThat(other.entries("vkeys")).isEmpty();
        } finally {
            other.close();
        }
    }

    @Test
    void heartbeatCountsTheLiveInstancesAndForgetsSilentOnes() {
        RuntimeStore other = peer();
        try {
            assertThat(store.heartbeat("i1", 60_000)).isEqualTo(1);
            assertThat(other.heartbeat("i2", 60_000)).isEqualTo(2);
            assertThat(store.heartbeat("i1", 60_000)).as("a beat again is the same instance").isEqualTo(2);
            assertThat(other.heartbeat("i3", 300)).isEqualTo(3);
            afterMillis(400, "i3 forgotten", () -> store.heartbeat("i1", 60_000) == 2);
        } finally {
            closePeer(other);
        }
    }

    @Test
    void flagsRoundTripAnyReasonAndReplaceByKindAndId() {
        String reason = "429 from \"upstream\" | retry-after: 30\nline two \\ \u00e9\u4e2d {\"until\":1} \u0000";
        SharedFlag disabled = new SharedFlag(SharedFlag.Kind.DISABLED, "openai/k1", Long.MAX_VALUE, reason, "inst-1");
        SharedFlag cooldown = new SharedFlag(SharedFlag.Kind.COOLDOWN, "openai/k1", now() + 600_000, "429", "inst-1");
        SharedFlag breaker = new SharedFlag(SharedFlag.Kind.BREAKER, "openai/k1/gpt-4o", now() + 600_000, "5xx", "i2");
        store.putFlag(disabled);
        store.putFlag(cooldown);
        store.putFlag(breaker);
        assertThat(store.flags()).containsExactlyInAnyOrder(disabled, cooldown, breaker);

        SharedFlag longer = new SharedFlag(SharedFlag.Kind.COOLDOWN, "openai/k1", now() + 900_000, "again", "inst-2");
        store.putFlag(longer);
        assertThat(store.flags()).containsExactlyInAnyOrder(disabled, longer, breaker);

        store.removeFlag(SharedFlag.Kind.DISABLED, "openai/k1");
        store.removeFlag(SharedFlag.Kind.DISABLED, "never/there");
        assertThat(store.flags()).containsExactlyInAnyOrder(longer, breaker);
    }

    @Test
    void flagsWhoseTimeRanOutAreGone() {
        SharedFlag shortCooldown = new SharedFlag(SharedFlag.Kind.COOLDOWN, "p/k", now() + 300, "429", "i1");
        SharedFlag disabled = new SharedFlag(SharedFlag.Kind.DISABLED, "p/k", Long.MAX_VALUE, "admin", "i1");
        store.putFlag(shortCooldown);
        store.putFlag(disabled);
        assertThat(store.flags()).contains(shortCooldown);
        afterMillis(400, "the cooldown ran out", () -> store.flags().equals(List.of(disabled)));
    }

    @Test
    void everyFlagChangeBumpsTheVersionThatPeersSee() {
        RuntimeStore other = peer();
        try {
            assertThat(store.version()).isZero();
            store.putFlag(new SharedFlag(SharedFlag.Kind.COOLDOWN, "p/k", now() + 60_000, "429", "i1"));
            assertThat(other.version()).isEqualTo(1);
            other.removeFlag(SharedFlag.Kind.COOLDOWN, "p/k");
            assertThat(store.version()).isEqualTo(2);
            assertThat(store.bumpVersion()).isEqualTo(3);
            assertThat(other.version()).isEqualTo(3);
            store.putQuota("p/k", new QuotaReading(1, 1, 1, 1, 1, 1, 1));
            assertThat(store.version()).as("quotas do not bump the version").isEqualTo(3);
        } finally {
            closePeer(other);
        }
    }

    @Test
    void entriesOfACollectionAreSharedAndEveryChangeBumpsTheVersion() {
        RuntimeStore other = peer();
        try {
            assertThat(store.entries("vkeys")).isEmpty();
            String doc = "{\"id\":\"vk1\",\"models\":[\"gpt-4o\"],\"note\":\"a|b\\n\u00e9\"}";
            store.putEntry("vkeys", "vk1", doc);
            store.putEntry("vkeys", "vk2", "{}");
            store.putEntry("teams", "t1", "{\"id\":\"t1\"}");
            assertThat(other.entries("vkeys")).containsOnly(entry("vk1", doc), entry("vk2", "{}"));
            assertThat(other.entries("teams")).containsOnly(entry("t1", "{\"id\":\"t1\"}"));
            assertThat(other.version()).isEqualTo(3);

            other.putEntry("vkeys", "vk2", "{\"revoked\":true}");
            other.removeEntry("vkeys", "vk1");
            other.removeEntry("vkeys", "never-there");
            assertThat(store.entries("vkeys")).containsOnly(entry("vk2", "{\"revoked\":true}"));
            assertThat(store.version()).isEqualTo(6);
        } finally {
            closePeer(other);
        }
    }

    @Test
    void quotasKeepTheLatestReadingOfEachKey() {
        QuotaReading a = new QuotaReading(500, 499, now() + 1_000, 200_000, 199_000, -1, now());
        QuotaReading b = new QuotaReading(-1, -1, -1, 1_000, 0, now() + 5_000, now());
        QuotaReading a2 = new QuotaReading(500, 10, now() + 2_000, 200_000, 1_000, now() + 3_000, now() + 1);
        store.putQuota("openai/k1", a);
        store.putQuota("anthropic/k2", b);
        store.putQuota("openai/k1", a2);
        assertThat(store.quotas()).containsOnlyKeys("openai/k1", "anthropic/k2")
                .containsEntry("openai/k1", a2).containsEntry("anthropic/k2", b);
    }

    @Test
    void spendAddsUpAcrossInstancesAndStartsAgainEachDayAndMonth() {
        long mar10 = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
        long mar11 = Instant.parse("2026-03-11T00:00:01Z").toEpochMilli();
        long apr1 = Instant.parse("2026-04-01T08:00:00Z").toEpochMilli();
        RuntimeStore other = peer();
        try {
            assertThat(store.spend("vkey:v")).isEqualTo(SpendTotals.NONE);
            store.addSpend("vkey:v", 1.25, mar10);
            SpendTotals t = other.addSpend("vkey:v", 0.5, mar10);
            assertSpend(t, mar10, 1.75, mar10, 1.75, 1.75);
            assertSpend(store.spend("vkey:v"), mar10, 1.75, mar10, 1.75, 1.75);

            assertSpend(store.addSpend("vkey:v", 0.25, mar11), mar11, 0.25, mar10, 2.0, 2.0);
            assertSpend(other.addSpend("vkey:v", 3, apr1), apr1, 3, apr1, 3, 5.0);
            // late spend of an earlier day counts in the total only
            assertSpend(store.addSpend("vkey:v", 1, mar11), apr1, 3, apr1, 3, 6.0);
            assertSpend(other.spend("vkey:v"), apr1, 3, apr1, 3, 6.0);
            assertThat(store.spend("team:t")).isEqualTo(SpendTotals.NONE);
        } finally {
            closePeer(other);
        }
    }

    @Test
    void smallAmountsAddUpWithoutDrift() {
        long at = Instant.parse("2026-05-05T05:05:05Z").toEpochMilli();
        SpendTotals t = SpendTotals.NONE;
        for (int i = 0; i < 1_000; i++) {
            t = store.addSpend("vkey:small", 0.000_015, at);
        }
        assertThat(t.totalUsd()).isCloseTo(0.015, within(1e-12));
        assertThat(t.dayUsd()).isCloseTo(0.015, within(1e-12));
    }

    @Test
    void pingAnswers() {
        store.ping();
    }

    private static void assertSpend(SpendTotals t, long dayAt, double dayUsd, long monthAt, double monthUsd,
            double totalUsd) {
        assertThat(t.day()).isEqualTo(Math.floorDiv(dayAt, 86_400_000L));
        assertThat(t.dayUsd()).isCloseTo(dayUsd, within(1e-9));
        assertThat(t.month()).isEqualTo(MemoryRuntimeStore.month(monthAt));
        assertThat(t.monthUsd()).isCloseTo(monthUsd, within(1e-9));
        assertThat(t.totalUsd()).isCloseTo(totalUsd, within(1e-9));
    }

    private void closePeer(RuntimeStore other) {
        if (other != store) {
            other.close();
        }
    }
}
