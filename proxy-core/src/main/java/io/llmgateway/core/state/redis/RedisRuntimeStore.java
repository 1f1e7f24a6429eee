package io.llmgateway.core.state.redis;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.state.Grant;
import io.llmgateway.core.state.MemoryRuntimeStore;
import io.llmgateway.core.state.QuotaReading;
import io.llmgateway.core.state.RuntimeStore;
import io.llmgateway.core.state.SharedFlag;
import io.llmgateway.core.state.SpendTotals;
import io.llmgateway.core.state.StoreUnavailableException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.JedisCluster;

/**
 * The {@link RuntimeStore} every instance shares: one Redis, or a Redis Cluster, through Jedis.
 * Its windows do exactly what {@link MemoryRuntimeStore}'s do (one contract test runs against both),
 * in Lua scripts that read Redis's clock ({@code TIME}), so that instances whose clocks disagree
 * still share one window. Every failure is a {@link StoreUnavailableException} naming the address
 * and the cause (never the password), within about {@code timeout_ms} (a cluster retries a command
 * up to {@value RedisClient#CLUSTER_ATTEMPTS} times, within {@value RedisClient#CLUSTER_ATTEMPTS}
 * × {@code timeout_ms}). Blocking: call it from the state thread, never from an event loop.
 *
 * <h2>Data layout</h2>
 * Every key starts with {@code key_prefix} ({@code P} below, default {@code llmgw:}).
 * <table>
 * <caption>Keys</caption>
 * <tr><th>Key</th><th>Type</th><th>Holds</th><th>Lifetime</th></tr>
 * <tr><td>{@code P{scope}:req}, {@code P{scope}:tok}</td><td>hash</td><td>a window's requests and
 *     tokens: field = epoch second, value = units counted in it; one hash tag per scope</td><td>buckets
 *     older than the window (61 s) are deleted by the next lease; the key expires 122 s after its
 *     last write</td></tr>
 * <tr><td>{@code Pinstances}</td><td>sorted set</td><td>member = instance id, score = epoch ms its beat
 *     runs out</td><td>members removed by the next beat after that; the key expires with the last
 *     one</td></tr>
 * <tr><td>{@code Pflags}</td><td>hash</td><td>field = {@code KIND id}, value =
 *     {@code {"until":ms,"reason":...,"origin":...}}</td><td>removed by the first read after
 *     {@code until}; a disable never runs out</td></tr>
 * <tr><td>{@code Pquotas}</td><td>hash</td><td>field = {@code provider/key}, value = the seven
 *     numbers of a {@link QuotaReading}, comma-separated</td><td>replaced by the next reading</td></tr>
 * <tr><td>{@code Pentries:collection}</td><td>hash</td><td>field = id, value = document (e.g. the virtual
 *     keys and teams made through the admin API)</td><td>kept until removed</td></tr>
 * <tr><td>{@code Pversion}</td><td>string (integer)</td><td>the change counter</td><td>kept</td></tr>
 * <tr><td>{@code Pspend:scope}</td><td>hash</td><td>{@code day}, {@code day_usd}, {@code month},
 *     {@code month_usd}, {@code total}: a new day or month replaces the old one's sum</td><td>kept</td></tr>
 * </table>
 *
 * <h2>Commands per call</h2>
 * {@link #lease}, {@link #giveBack}, {@link #heartbeat}, {@link #flags}, {@link #addSpend}: one
 * {@code EVALSHA} each (one more, {@code EVAL}, the first time a node runs that script, e.g. after a
 * restart). {@link #putFlag}, {@link #removeFlag}, {@link #putEntry}, {@link #removeEntry}: two
 * ({@code HSET}/{@code HDEL}, then {@code INCR} of the version: whoever sees the new version sees
 * the change). {@link #entries}: {@code HGETALL}. {@link #putQuota}: {@code HSET};
 * {@link #quotas}: {@code HGETALL}; {@link #version}: {@code GET}; {@link #bumpVersion}: {@code INCR};
 * {@link #spend}: {@code HMGET}; {@link #ping}: {@code PING} (to every master of a cluster).
 * A new pooled connection first sends {@code AUTH} (with a password), {@code CLIENT SETNAME
 * llm-gateway} and {@code SELECT} (a database other than 0); the pool keeps it. {@link #commandsSent}
 * counts the commands of the calls ({@code RedisRuntimeStoreCommandsTest} checks both against
 * Redis's {@code MONITOR}).
 */
public final class RedisRuntimeStore implements RuntimeStore {

    private static final LuaScript LEASE = LuaScript.load("lease");
    private static final LuaScript GIVE_BACK = LuaScript.load("giveBack");
    private static final LuaScript HEARTBEAT = LuaScript.load("heartbeat");
    private static final LuaScript FLAGS = LuaScript.load("flags");
    private static final LuaScript ADD_SPEND = LuaScript.load("addSpend");
    private static final String[] SPEND_FIELDS = {"day", "day_usd", "month", "month_usd", "total"};

    private final RedisClient redis;
    private final RedisKeys keys;

    /** Connects at the first command, not here: a Redis that is down makes commands fail, not this. */
    public RedisRuntimeStore(RuntimeStoreConfig config) {
        requireNonNull(config, "config");
        if (!config.redis()) {
            throw new IllegalArgumentException("storage.runtime.type: " + config.type() + " (expected: redis)");
        }
        this.redis = new RedisClient(config);
        this.keys = new RedisKeys(config.keyPrefix());
    }

    @Override
    public Grant lease(String scope, long rpm, long tpm, long wantRequests, long wantTokens, long debtTokens) {
        List<Long> r = longs(redis.run(LEASE, List.of(keys.requests(scope), keys.tokens(scope)),
                List.of(Long.toString(rpm), Long.toString(tpm), Long.toString(wantRequests),
                        Long.toString(wantTokens), Long.toString(debtTokens))), 7, LEASE);
        // Lua's numbers are doubles: an unlimited grant (everything asked) is answered here, exactly
        return new Grant(rpm == 0 ? wantRequests : r.get(0), tpm == 0 ? wantTokens : r.get(1), r.get(2), r.get(3),
                r.get(4), r.get(5), r.get(6));
    }

    @Override
    public void giveBack(String scope, long requests, long tokens, long grantedAtSecond) {
        redis.run(GIVE_BACK, List.of(keys.requests(scope), keys.tokens(scope)),
                List.of(Long.toString(requests), Long.toString(tokens), Long.toString(grantedAtSecond)));
    }

    @Override
    public int heartbeat(String instanceId, long ttlMillis) {
        Object alive = redis.run(HEARTBEAT, List.of(keys.instances()), List.of(instanceId, Long.toString(ttlMillis)));
        return (int) Math.max(1, number(alive, HEARTBEAT));
    }

    @Override
    public void putFlag(SharedFlag flag) {
        redis.call("putFlag", j -> j.hset(keys.flags(), RedisValues.flagField(flag.kind(), flag.id()),
                RedisValues.flagValue(flag)));
        bumpVersion();
    }

    @Override
    public void removeFlag(SharedFlag.Kind kind, String id) {
        redis.call("removeFlag", j -> j.hdel(keys.flags(), RedisValues.flagField(kind, id)));
        bumpVersion();
    }

    @Override
    public List<SharedFlag> flags() {
        Object reply = redis.run(FLAGS, List.of(keys.flags()), List.of());
        if (!(reply instanceof List<?> flat)) {
            throw malformed(FLAGS.name(), reply);
        }
        List<SharedFlag> flags = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            SharedFlag f = RedisValues.flag(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
            if (f != null) {
                flags.add(f);
            }
        }
        return List.copyOf(flags);
    }

    @Override
    public void putQuota(String keyLabel, QuotaReading reading) {
        redis.call("putQuota", j -> j.hset(keys.quotas(), keyLabel, RedisValues.quotaValue(reading)));
    }

    @Override
    public Map<String, QuotaReading> quotas() {
        Map<String, String> raw = redis.call("quotas", j -> j.hgetAll(keys.quotas()));
        Map<String, QuotaReading> quotas = new HashMap<>();
        raw.forEach((label, value) -> {
            QuotaReading q = RedisValues.quota(value);
            if (q != null) {
                quotas.put(label, q);
            }
        });
        return Map.copyOf(quotas);
    }

    @Override
    public Map<String, String> entries(String collection) {
        return Map.copyOf(redis.call("entries", j -> j.hgetAll(keys.entries(collection))));
    }

    @Override
    public void putEntry(String collection, String id, String document) {
        redis.call("putEntry", j -> j.hset(keys.entries(collection), id, document));
        bumpVersion();
    }

    @Override
    public void removeEntry(String collection, String id) {
        redis.call("removeEntry", j -> j.hdel(keys.entries(collection), id));
        bumpVersion();
    }

    @Override
    public long version() {
        String v = redis.call("version", j -> j.get(keys.version()));
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw malformed("version", v);
        }
    }

    @Override
    public long bumpVersion() {
        return redis.call("bumpVersion", j -> j.incr(keys.version()));
    }

    @Override
    public SpendTotals addSpend(String scope, double usd, long atMillis) {
        if (!Double.isFinite(usd)) {
            throw new IllegalArgumentException("usd: " + usd + " (expected: a finite number)");
        }
        Object reply = redis.run(ADD_SPEND, List.of(keys.spend(scope)), List.of(BigDecimal.valueOf(usd).toPlainString(),
                Long.toString(Math.floorDiv(atMillis, 86_400_000L)), Long.toString(MemoryRuntimeStore.month(atMillis))));
        if (!(reply instanceof List<?> fields)) {
            throw malformed(ADD_SPEND.name(), reply);
        }
        return totals(fields);
    }

    @Override
    public SpendTotals spend(String scope) {
        return totals(redis.call("spend", j -> j.hmget(keys.spend(scope), SPEND_FIELDS)));
    }

    /**
     * A single node answers {@code PING}. A cluster is asked more, since one node answering says
     * nothing of the others: every node it knows must answer {@code CLUSTER INFO} with
     * {@code cluster_state:ok} (every slot served), so that a cluster still forming after a restart
     * does not count as back, only to fail the next command with {@code CLUSTERDOWN}.
     */
    @Override
    public void ping() {
        redis.call("ping", j -> j instanceof JedisCluster c ? ClusterReadiness.check(c) : j.ping());
    }

    @Override
    public void close() {
        redis.close();
    }

    /** The connection, for the response cache's store beside this one ({@link RedisResponseStore}). */
    RedisClient client() {
        return redis;
    }

    /** The key names under this store's prefix. */
    RedisKeys keys() {
        return keys;
    }

    /** Commands sent to Redis since this store was made (see the class comment for each call's). */
    public long commandsSent() {
        return redis.commandsSent();
    }

    @Override
    public String toString() {
        return "RedisRuntimeStore[" + redis.where() + ']';
    }

    private SpendTotals totals(List<?> f) {
        if (f.size() != SPEND_FIELDS.length) {
            throw malformed("spend", f);
        }
        if (f.get(4) == null) {
            return SpendTotals.NONE;
        }
        try {
            return new SpendTotals(Long.parseLong(String.valueOf(f.get(0))), Double.parseDouble(String.valueOf(f.get(1))),
                    Long.parseLong(String.valueOf(f.get(2))), Double.parseDouble(String.valueOf(f.get(3))),
                    Double.parseDouble(String.valueOf(f.get(4))));
        } catch (NumberFormatException e) {
            throw malformed("spend", f);
        }
    }

    private List<Long> longs(Object reply, int size, LuaScript script) {
        if (!(reply instanceof List<?> list) || list.size() != size) {
            throw malformed(script.name(), reply);
        }
        List<Long> out = new ArrayList<>(size);
        for (Object o : list) {
            out.add(number(o, script));
        }
        return out;
    }

    private long number(Object o, LuaScript script) {
        if (!(o instanceof Long n)) {
            throw malformed(script.name(), o);
        }
        return n;
    }

    private StoreUnavailableException malformed(String what, Object reply) {
        return new StoreUnavailableException(redis.where() + ": " + what + " answered " + reply
                + " (expected: what this store's commands answer; is another program writing under its key_prefix?)",
                null);
    }
}
