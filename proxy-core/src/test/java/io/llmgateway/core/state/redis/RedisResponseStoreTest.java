package io.llmgateway.core.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.cache.CacheKey;
import io.llmgateway.core.cache.RequestDigest;
import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.testing.RedisServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** The response cache on a real Redis: SET with PX under the prefix, lookups answered on the caller's loop. */
class RedisResponseStoreTest {

    private final String prefix = "test-" + UUID.randomUUID() + ":";
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-loop"));
    private RedisRuntimeStore runtime;
    private RedisResponseStore store;

    @BeforeEach
    void open() {
        runtime = new RedisRuntimeStore(config(RedisServers.single(), 2_000));
        store = new RedisResponseStore(runtime, 2, 16, runtime::close);
    }

    @AfterEach
    void close() {
        store.close();
        loop.shutdownNow();
    }

    private RuntimeStoreConfig config(String addr, int timeoutMs) {
        return new RuntimeStoreConfig("redis", addr, "", 0, false, null, prefix, List.of(), timeoutMs, 0.05, 500, 5_000);
    }

    private static CacheKey key(String s) {
        byte[] json = ("{\"q\":\"" + s + "\"}").getBytes(StandardCharsets.UTF_8);
        return RequestDigest.of("/chat/completions", "m", null, json, 0, json.length);
    }

    /** Looks {@code key} up and waits for the answer, checking it arrives on the loop's thread. */
    private byte[] lookup(RedisResponseStore s, CacheKey key) throws Exception {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        AtomicReference<String> thread = new AtomicReference<>();
        loop.submit(() -> s.get(key, loop, a -> {
            thread.set(Thread.currentThread().getName());
            answer.complete(a);
        })).get(10, TimeUnit.SECONDS);
        byte[] a = answer.get(10, TimeUnit.SECONDS);
        assertThat(thread.get()).isEqualTo("test-loop");
        return a;
    }

    private byte[] awaitStored(CacheKey key) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        byte[] a;
        while ((a = lookup(store, key)) == null && System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
        return a;
    }

    @Test
    void anAnswerIsStoredAsItsBytesWithItsTimeToLiveAndFoundAgain() throws Exception {
        byte[] answer = "{\"id\":\"x\",\"bytes\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        CacheKey k = key("a");
        assertThat(lookup(store, k)).isNull();
        store.put(k, answer, 60_000);
        assertThat(awaitStored(k)).isEqualTo(answer);

        HostAndPort addr = HostAndPort.from(RedisServers.single());
        try (Jedis jedis = new Jedis(addr.getHost(), addr.getPort(), 2_000)) {
            byte[] name = (prefix + "cache:" + k.hex()).getBytes(StandardCharsets.UTF_8);
            assertThat(jedis.get(name)).isEqualTo(answer);
            assertThat(jedis.pttl(name)).isBetween(1L, 60_000L);
        }
    }

    @Test
    void anotherInstanceOnTheSameRedisFindsTheAnswer() throws Exception {
        RedisRuntimeStore other = new RedisRuntimeStore(config(RedisServers.single(), 2_000));
        try (RedisResponseStore second = new RedisResponseStore(other, 1, 4, other::close)) {
            CacheKey k = key("shared");
            store.put(k, new byte[] {'{', '}'}, 60_000);
            assertThat(awaitStored(k)).containsExactly('{', '}');
            assertThat(lookup(second, k)).containsExactly('{', '}');
        }
    }

    @Test
    void aRedisThatIsDownMakesEveryLookupAMissAndDropsStores() throws Exception {
        RedisRuntimeStore down = new RedisRuntimeStore(config("127.0.0.1:1", 200));
        try (RedisResponseStore dead = new RedisResponseStore(down, 1, 4, down::close)) {
            dead.put(key("x"), new byte[] {'{', '}'}, 1_000);
            assertThat(lookup(dead, key("x"))).isNull();
            assertThat(dead.failures()).isEqualTo(2);
        }
    }
}
