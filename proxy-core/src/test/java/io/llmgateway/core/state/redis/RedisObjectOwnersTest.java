package io.llmgateway.core.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.affinity.ConcurrentObjectOwnerTable;
import io.llmgateway.core.affinity.ObjectOwner;
import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.testing.Await;
import io.llmgateway.core.testing.RedisNode;
import io.llmgateway.core.testing.RedisServers;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The owners of stored objects on a real Redis, as two instances see them: what one learns the
 * other finds (answered on its loop, then kept locally), written with the time to live; a Redis
 * that is down answers "unknown" on the loop, never an exception, never silence.
 */
class RedisObjectOwnersTest {

    private static final long TTL_MS = 60_000;
    private final String prefix = "test-" + UUID.randomUUID() + ":";
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-loop"));

    @AfterEach
    void stopLoop() {
        loop.shutdownNow();
    }

    @Test
    void anOwnerOneInstanceLearnsIsFoundByAnotherOnItsLoopAndKeptThere() throws Exception {
        String addr = RedisServers.single();
        ConcurrentObjectOwnerTable otherLocal = table();
        try (RedisObjectOwners one = owners(addr, table());
                RedisObjectOwners other = owners(addr, otherLocal)) {
            ObjectOwner owner = new ObjectOwner("openai", "org-a");
            one.learn("resp_1", owner);
            Await.until("the owner reached Redis", () -> {
                try {
                    return owner.equals(lookup(other, "resp_1"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(otherLocal.get("resp_1")).as("kept locally once found").isEqualTo(owner);
            assertThat(lookup(other, "resp_unknown")).isNull();
            try (Jedis jedis = new Jedis(HostAndPort.from(addr))) {
                assertThat(jedis.get(prefix + "owner:resp_1")).isEqualTo("openai/org-a");
                assertThat(jedis.pttl(prefix + "owner:resp_1")).isBetween(1L, TTL_MS);
            }
            assertThat(one.failures() + other.failures()).isZero();
        }
    }

    @Test
    void aRedisThatIsDownAnswersUnknownOnTheLoopAndCountsTheFailure() throws Exception {
        String dead;
        try (RedisNode node = RedisNode.start()) {
            dead = node.addr();
        }
        try (RedisObjectOwners owners = owners(dead, table())) {
            owners.learn("file-1", new ObjectOwner("openai", "org-b")); // kept locally, the write dropped
            assertThat(lookup(owners, "file-1")).isEqualTo(new ObjectOwner("openai", "org-b"));
            assertThat(lookup(owners, "file-2")).isNull();
            Await.until("both failures counted", () -> owners.failures() == 2);
        }
    }

    private ConcurrentObjectOwnerTable table() {
        return new ConcurrentObjectOwnerTable(100, TTL_MS, Ticker.system());
    }

    private RedisObjectOwners owners(String addr, ConcurrentObjectOwnerTable local) {
        RedisRuntimeStore store = new RedisRuntimeStore(new RuntimeStoreConfig("redis", addr, "", 0, false, null,
                prefix, List.of(), 500, 0.05, 500, 5_000));
        return new RedisObjectOwners(store, local, TTL_MS, 2, 16, store::close);
    }

    /** Looks {@code id} up from the loop and waits for the answer, checking it arrives on the loop. */
    private ObjectOwner lookup(RedisObjectOwners owners, String id) throws Exception {
        CompletableFuture<ObjectOwner> answer = new CompletableFuture<>();
        AtomicReference<String> thread = new AtomicReference<>();
        loop.submit(() -> owners.lookup(id, loop, o -> {
            thread.set(Thread.currentThread().getName());
            answer.complete(o);
        })).get(10, TimeUnit.SECONDS);
        ObjectOwner o = answer.get(10, TimeUnit.SECONDS);
        assertThat(thread.get()).isEqualTo("test-loop");
        return o;
    }
}
