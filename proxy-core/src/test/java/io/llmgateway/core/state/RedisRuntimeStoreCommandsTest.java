package io.llmgateway.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.state.redis.RedisRuntimeStore;
import io.llmgateway.core.testing.Await;
import io.llmgateway.core.testing.RedisNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How many commands each call sends, as Redis sees them ({@code MONITOR}, whose lines tagged
 * {@code lua} are a script's own calls and do not travel): what {@link RedisRuntimeStore}'s javadoc
 * says, and what {@link RedisRuntimeStore#commandsSent} counts.
 */
class RedisRuntimeStoreCommandsTest {

    private RedisNode redis;
    private RedisRuntimeStore store;
    private Jedis monitor;
    private Thread monitorThread;
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private int marker;

    @BeforeEach
    void start() {
        redis = RedisNode.start();
        store = new RedisRuntimeStore(RedisStores.single(redis.addr(), RedisStores.freshPrefix()));
        monitor = new Jedis(redis.host(), redis.port(), RedisStores.TIMEOUT_MS);
        monitorThread = new Thread(() -> {
            try {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        seen.add(command);
                    }
                });
            } catch (JedisException e) {
                // the test closed the monitor's connection
            }
        }, "redis-monitor");
        monitorThread.start();
        Await.until("MONITOR sees commands", () -> {
            echo("ready");
            return seen.stream().anyMatch(l -> l.contains("\"ready\""));
        });
        // a new connection first names itself (CLIENT SETNAME); the pool keeps it for the calls measured
        store.ping();
    }

    @AfterEach
    void stop() throws InterruptedException {
        store.close();
        monitor.disconnect();
        monitorThread.join(10_000);
        redis.close();
    }

    @Test
    void eachCallSendsWhatTheJavadocSays() {
        SharedFlag flag = new SharedFlag(SharedFlag.Kind.COOLDOWN, "p/k", System.currentTimeMillis() + 60_000, "429", "i");
        assertThat(commandsOf(s -> s.lease("key:p/k", 10, 100, 1, 10, 0)))
                .as("the first lease: EVALSHA answered NOSCRIPT, then EVAL").isEqualTo(2);
        assertThat(commandsOf(s -> s.lease("key:p/k", 10, 100, 1, 10, 5))).as("lease").isEqualTo(1);
        assertThat(commandsOf(s -> s.giveBack("key:p/k", 1, 1, System.currentTimeMillis() / 1000))).isEqualTo(2);
        assertThat(commandsOf(s -> s.giveBack("key:p/k", 1, 1, System.currentTimeMillis() / 1000)))
                .as("giveBack").isEqualTo(1);
        commandsOf(s -> s.heartbeat("i", 5_000));
        assertThat(commandsOf(s -> s.heartbeat("i", 5_000))).as("heartbeat").isEqualTo(1);
        assertThat(commandsOf(s -> s.putFlag(flag))).as("putFlag").isEqualTo(2);
        commandsOf(RuntimeStore::flags);
        assertThat(commandsOf(RuntimeStore::flags)).as("flags").isEqualTo(1);
        assertThat(commandsOf(s -> s.removeFlag(flag.kind(), flag.id()))).as("removeFlag").isEqualTo(2);
        assertThat(commandsOf(s -> s.putEntry("vkeys", "vk1", "{}"))).as("putEntry").isEqualTo(2);
        assertThat(commandsOf(s -> s.entries("vkeys"))).as("entries").isEqualTo(1);
        assertThat(commandsOf(s -> s.removeEntry("vkeys", "vk1"))).as("removeEntry").isEqualTo(2);
        assertThat(commandsOf(s -> s.putQuota("p/k", new QuotaReading(1, 1, 1, 1, 1, 1, 1)))).as("putQuota").isEqualTo(1);
        assertThat(commandsOf(RuntimeStore::quotas)).as("quotas").isEqualTo(1);
        assertThat(commandsOf(RuntimeStore::version)).as("version").isEqualTo(1);
        assertThat(commandsOf(RuntimeStore::bumpVersion)).as("bumpVersion").isEqualTo(1);
        commandsOf(s -> s.addSpend("vkey:v", 0.5, System.currentTimeMillis()));
        assertThat(commandsOf(s -> s.addSpend("vkey:v", 0.5, System.currentTimeMillis()))).as("addSpend").isEqualTo(1);
        assertThat(commandsOf(s -> s.spend("vkey:v"))).as("spend").isEqualTo(1);
        assertThat(commandsOf(RuntimeStore::ping)).as("ping").isEqualTo(1);
    }

    /** The commands {@code call} sent, as MONITOR saw them; checks that the store counted as many. */
    private int commandsOf(Consumer<RuntimeStore> call) {
        String start = "start-" + (++marker);
        String end = "end-" + marker;
        echo(start);
        long before = store.commandsSent();
        call.accept(store);
        long counted = store.commandsSent() - before;
        echo(end);
        Await.until("MONITOR saw " + end, () -> {
            synchronized (seen) { // the monitor thread appends meanwhile
                return seen.stream().anyMatch(l -> l.contains('"' + end + '"'));
            }
        });
        List<String> lines;
        synchronized (seen) {
            lines = List.copyOf(seen);
        }
        int from = indexOf(lines, start);
        int to = indexOf(lines, end);
        List<String> fromStore = lines.subList(from + 1, to).stream().filter(l -> !l.contains(" lua] "))
                .map(l -> l.substring(0, Math.min(l.length(), 120))).toList();
        assertThat(counted).as("commandsSent() against MONITOR: " + fromStore).isEqualTo(fromStore.size());
        int sent = fromStore.size();
        return sent;
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains('"' + marker + '"')) {
                return i;
            }
        }
        throw new AssertionError("MONITOR did not see " + marker + " in " + lines);
    }

    private void echo(String text) {
        try (Jedis j = new Jedis(redis.host(), redis.port(), RedisStores.TIMEOUT_MS)) {
            j.echo(text);
        }
    }
}
