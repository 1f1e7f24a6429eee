package io.llmgateway.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.llmgateway.core.state.redis.RedisRuntimeStore;
import io.llmgateway.core.testing.Await;
import io.llmgateway.core.testing.RedisCluster;
import io.llmgateway.core.testing.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A Redis that is down, comes back, or wants a password: every call answers
 * {@link StoreUnavailableException} (never hangs, never names the password), and the store works
 * again on its own once Redis does. Each test runs its own redis-server.
 */
class RedisRuntimeStoreOutageTest {

    private static final String PASSWORD = "redis-pw-0f6c2a91d4e8";
    private static final int TIMEOUT_MS = 300;
    /** Not a timing assertion: only that a call returns while Redis is down. */
    private static final Duration RETURNS_WITHIN = Duration.ofSeconds(10);

    /** Every method of the store, as a call. */
    private static final Map<String, Consumer<RuntimeStore>> CALLS = Map.ofEntries(
            Map.entry("lease", s -> s.lease("key:p/k", 10, 100, 1, 10, 0)),
            Map.entry("giveBack", s -> s.giveBack("key:p/k", 1, 10, 1)),
            Map.entry("heartbeat", s -> s.heartbeat("i1", 5_000)),
            Map.entry("putFlag", s -> s.putFlag(new SharedFlag(SharedFlag.Kind.DISABLED, "p/k", Long.MAX_VALUE, "x", "i1"))),
            Map.entry("removeFlag", s -> s.removeFlag(SharedFlag.Kind.DISABLED, "p/k")),
            Map.entry("flags", RuntimeStore::flags),
            Map.entry("putQuota", s -> s.putQuota("p/k", new QuotaReading(1, 1, 1, 1, 1, 1, 1))),
            Map.entry("quotas", RuntimeStore::quotas),
            Map.entry("entries", s -> s.entries("vkeys")),
            Map.entry("putEntry", s -> s.putEntry("vkeys", "vk1", "{}")),
            Map.entry("removeEntry", s -> s.removeEntry("vkeys", "vk1")),
            Map.entry("version", RuntimeStore::version),
            Map.entry("bumpVersion", RuntimeStore::bumpVersion),
            Map.entry("addSpend", s -> s.addSpend("vkey:v", 1, 0)),
            Map.entry("spend", s -> s.spend("vkey:v")),
            Map.entry("ping", RuntimeStore::ping));

    @Test
    void everyCallToARedisThatNeverRanFailsWithTheAddressAndWithoutThePassword() {
        String addr = deadAddr();
        try (RedisRuntimeStore store = new RedisRuntimeStore(
                RedisStores.single(addr, PASSWORD, RedisStores.freshPrefix(), TIMEOUT_MS))) {
            CALLS.forEach((name, call) -> assertUnavailable(store, name, call, addr));
        }
    }

    @Test
    void everyCallToAClusterThatIsDownFailsWithTheAddressAndWithoutThePassword() {
        List<String> nodes = List.of(deadAddr(), deadAddr());
        try (RedisRuntimeStore store = new RedisRuntimeStore(
                RedisStores.cluster(nodes, PASSWORD, RedisStores.freshPrefix(), TIMEOUT_MS))) {
            CALLS.forEach((name, call) -> assertUnavailable(store, name, call, nodes.get(0)));
        }
    }

    @Test
    void aRedisKilledMidwayFailsEveryCallThenServesAgainWhenItIsBack() {
        try (RedisNode redis = RedisNode.start("--requirepass", PASSWORD);
                RedisRuntimeStore store = new RedisRuntimeStore(
                        RedisStores.single(redis.addr(), PASSWORD, RedisStores.freshPrefix(), TIMEOUT_MS))) {
            assertThat(store.lease("key:p/k", 10, 0, 4, 0, 0).requests()).isEqualTo(4);
            store.putFlag(new SharedFlag(SharedFlag.Kind.DISABLED, "p/k", Long.MAX_VALUE, "admin", "i1"));

            redis.kill();
            CALLS.forEach((name, call) -> assertUnavailable(store, name, call, redis.addr()));

            redis.restart();
            Await.until("the store answers again", () -> answers(store));
            // the restarted Redis saved nothing and holds no script: the lease loads it again
            assertThat(store.lease("key:p/k", 10, 0, 10, 0, 0).requests()).isEqualTo(10);
            assertThat(store.flags()).isEmpty();
            assertThat(store.version()).isZero();
        }
    }

    @Test
    void aClusterCountsAsUpOnlyWhenEveryNodeServesItsSlots() {
        try (RedisCluster cluster = RedisCluster.start();
                RedisRuntimeStore store = new RedisRuntimeStore(
                        RedisStores.cluster(cluster.addrs(), "", RedisStores.freshPrefix(), TIMEOUT_MS))) {
            store.ping();
            assertThat(store.lease("key:p/k", 10, 0, 4, 0, 0).requests()).isEqualTo(4);

            // two nodes still answer PING: the probe must not take that for a cluster that serves
            RedisNode down = cluster.nodes().get(1);
            down.kill();
            for (int i = 0; i < 10; i++) { // whichever node a keyless command would go to
                assertUnavailable(store, "ping", RuntimeStore::ping, down.addr());
            }

            down.restart();
            Await.until("the cluster serves every slot again", () -> answers(store));
            assertThat(store.lease("key:p/k", 10, 0, 1, 0, 0).requests()).isEqualTo(1);
        }
    }

    @Test
    void aClusterWhoseNodesAnswerPingWhileASlotIsUnservedIsNotUp() {
        try (RedisCluster cluster = RedisCluster.start();
                RedisRuntimeStore store = new RedisRuntimeStore(
                        RedisStores.cluster(cluster.addrs(), "", RedisStores.freshPrefix(), TIMEOUT_MS));
                Jedis admin = new Jedis(cluster.nodes().get(0).host(), cluster.nodes().get(0).port())) {
            store.ping(); // the store knows the slot map of a cluster that serves

            int slot = firstOwnSlot(admin.clusterNodes());
            admin.clusterDelSlots(slot); // as while a restarted cluster forms: every node up, a slot unserved
            assertThat(admin.ping()).isEqualTo("PONG");
            StoreUnavailableException e = assertUnavailable(store, "ping", RuntimeStore::ping, cluster.addrs().get(0));
            assertThat(e.getMessage()).contains("cluster_state");

            admin.clusterAddSlots(slot);
            Await.until("the cluster serves every slot again", () -> answers(store));
        }
    }

    /** The first slot of the node that answers {@code CLUSTER NODES} (its line says {@code myself}). */
    private static int firstOwnSlot(String clusterNodes) {
        for (String line : clusterNodes.split("\n")) {
            if (line.contains("myself")) {
                String[] fields = line.trim().split(" ");
                return Integer.parseInt(fields[8].split("-")[0]);
            }
        }
        throw new AssertionError("no myself line in CLUSTER NODES: " + clusterNodes);
    }

    @Test
    void aPasswordOpensRedisThatWantsOneAndAWrongOneFailsWithoutBeingNamed() {
        try (RedisNode redis = RedisNode.start("--requirepass", PASSWORD)) {
            String prefix = RedisStores.freshPrefix();
            try (RedisRuntimeStore store = new RedisRuntimeStore(RedisStores.single(redis.addr(), PASSWORD, prefix,
                    RedisStores.TIMEOUT_MS))) {
                assertThat(store.lease("key:p/k", 5, 0, 5, 0, 0).requests()).isEqualTo(5);
                assertThat(store.heartbeat("i1", 5_000)).isEqualTo(1);
            }
            String wrong = "wrong-pw-77c1e0b35a";
            try (RedisRuntimeStore store = new RedisRuntimeStore(RedisStores.single(redis.addr(), wrong, prefix,
                    RedisStores.TIMEOUT_MS))) {
                StoreUnavailableException e = assertUnavailable(store, "lease", s -> s.lease("key:p/k", 5, 0, 1, 0, 0),
                        redis.addr());
                assertThat(everything(e)).doesNotContain(wrong);
            }
            try (RedisRuntimeStore store = new RedisRuntimeStore(RedisStores.single(redis.addr(), "", prefix,
                    RedisStores.TIMEOUT_MS))) {
                StoreUnavailableException e = assertUnavailable(store, "version", RuntimeStore::version, redis.addr());
                assertThat(e.getMessage()).containsIgnoringCase("auth");
            }
        }
    }

    private static StoreUnavailableException assertUnavailable(RuntimeStore store, String name,
            Consumer<RuntimeStore> call, String addr) {
        Throwable thrown = assertTimeoutPreemptively(RETURNS_WITHIN, () -> {
            try {
                call.accept(store);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }, name + " did not return while Redis is down");
        assertThat(thrown).as(name).isInstanceOf(StoreUnavailableException.class);
        assertThat(thrown.getMessage()).as(name).contains(addr).contains(name);
        assertThat(everything(thrown)).as(name).doesNotContain(PASSWORD);
        return (StoreUnavailableException) thrown;
    }

    /** The messages of {@code t}, its causes and their suppressed exceptions. */
    private static String everything(Throwable t) {
        List<String> texts = new ArrayList<>();
        collect(t, texts, 0);
        return String.join("\n", texts);
    }

    private static void collect(Throwable t, List<String> texts, int depth) {
        if (t == null || depth > 16) {
            return;
        }
        texts.add(t.toString());
        for (Throwable s : t.getSuppressed()) {
            collect(s, texts, depth + 1);
        }
        collect(t.getCause(), texts, depth + 1);
    }

    private static boolean answers(RuntimeStore store) {
        try {
            store.ping();
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    /** The address of a port nothing listens on (a node started, then killed). */
    private static String deadAddr() {
        try (RedisNode node = RedisNode.start()) {
            return node.addr();
        }
    }

    @Test
    void theStoreRefusesAMemoryConfig() {
        assertThatThrownBy(() -> new RedisRuntimeStore(io.llmgateway.core.config.RuntimeStoreConfig.MEMORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory");
    }
}
