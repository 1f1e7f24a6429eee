package io.llmgateway.core.state;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The {@link RuntimeStore} of one process, and the reference of the Redis store's semantics (its
 * Lua scripts do what {@link #lease} and {@link #giveBack} do here; one contract test runs against
 * both). The state keeper uses it as the lease book of an instance that lost Redis: then it grants
 * this instance's share ({@code 1/N}) of each limit.
 *
 * <p>Synchronised: its callers are the state thread and tests, never an event loop.
 */
public final class MemoryRuntimeStore implements RuntimeStore {

    /** Buckets counted: the current second and the 60 before it (see {@link RuntimeStore}). */
    static final int WINDOW_BUCKETS = 61;

    private final LongSupplier clockMillis;
    private final Map<String, TreeMap<Long, long[]>> windows = new HashMap<>();
    private final Map<String, Long> instances = new HashMap<>();
    private final Map<String, SharedFlag> flags = new HashMap<>();
    private final Map<String, QuotaReading> quotas = new HashMap<>();
    private final Map<String, SpendTotals> spend = new HashMap<>();
    private final Map<String, Map<String, String>> collections = new HashMap<>();
    private long version;

    public MemoryRuntimeStore() {
        this(System::currentTimeMillis);
    }

    public MemoryRuntimeStore(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    @Override
    public synchronized Grant lease(String scope, long rpm, long tpm, long wantRequests, long wantTokens,
            long debtTokens) {
        long nowMs = clockMillis.getAsLong();
        long second = Math.floorDiv(nowMs, 1000);
        TreeMap<Long, long[]> w = windows.computeIfAbsent(scope, s -> new TreeMap<>());
        w.headMap(second - WINDOW_BUCKETS + 1).clear();
        long[] current = w.computeIfAbsent(second, s -> new long[2]);
        if (tpm > 0 && debtTokens > 0) {
            current[1] += debtTokens;
        }
        long usedReq = 0;
        long usedTok = 0;
        for (long[] b : w.values()) {
            usedReq += b[0];
            usedTok += b[1];
        }
        long grantReq = rpm == 0 ? wantRequests : Math.max(0, Math.min(wantRequests, rpm - usedReq));
        long grantTok = tpm == 0 ? wantTokens : Math.max(0, Math.min(wantTokens, tpm - usedTok));
        if (rpm > 0) {
            current[0] += grantReq;
            usedReq += grantReq;
        }
        if (tpm > 0) {
            current[1] += grantTok;
            usedTok += grantTok;
        }
        long reqFree = grantReq == 0 && wantRequests > 0 ? freeInMs(w, 0, usedReq - rpm + 1, nowMs) : 0;
        long tokFree = grantTok == 0 && wantTokens > 0 ? freeInMs(w, 1, usedTok - tpm + wantTokens, nowMs) : 0;
        return new Grant(grantReq, grantTok, second, rpm == 0 ? 0 : usedReq, tpm == 0 ? 0 : usedTok, reqFree,
                tokFree);
    }

    /**
     * In how many ms {@code excess} units of column {@code col} will have left the window: the
     * buckets leave oldest first, bucket {@code s} when second {@code s + 61} begins.
     */
    static long freeInMs(TreeMap<Long, long[]> w, int col, long excess, long nowMs) {
        long freed = 0;
        for (Map.Entry<Long, long[]> e : w.entrySet()) {
            freed += e.getValue()[col];
            if (freed >= excess) {
                return Math.max(1, (e.getKey() + WINDOW_BUCKETS) * 1000 - nowMs);
            }
        }
        return WINDOW_BUCKETS * 1000L; // more than the window holds (e.g. a request bigger than tpm)
    }

    @Override
    public synchronized void giveBack(String scope, long requests, long tokens, long grantedAtSecond) {
        long second = Math.floorDiv(clockMillis.getAsLong(), 1000);
        if (grantedAtSecond <= second - WINDOW_BUCKETS) {
            return;
        }
        TreeMap<Long, long[]> w = windows.get(scope);
        long[] b = w == null ? null : w.get(grantedAtSecond);
        if (b != null) {
            b[0] = Math.max(0, b[0] - requests);
            b[1] = Math.max(0, b[1] - tokens);
        }
    }

    /** Drops the window of {@code scope} (its usage was reported elsewhere). */
    public synchronized void forget(String scope) {
        windows.remove(scope);
    }

    @Override
    public synchronized int heartbeat(String instanceId, long ttlMillis) {
        long now = clockMillis.getAsLong();
        instances.put(instanceId, now + ttlMillis);
        instances.values().removeIf(until -> until <= now);
        return Math.max(1, instances.size());
    }

    @Override
    public synchronized void putFlag(SharedFlag flag) {
        flags.put(flag.kind() + " " + flag.id(), flag);
        version++;
    }

    @Override
    public synchronized void removeFlag(SharedFlag.Kind kind, String id) {
        flags.remove(kind + " " + id);
        version++;
    }

    @Override
    public synchronized List<SharedFlag> flags() {
        long now = clockMillis.getAsLong();
        flags.values().removeIf(f -> f.untilMillis() <= now);
        return List.copyOf(new ArrayList<>(flags.values()));
    }

    @Override
    public synchronized void putQuota(String keyLabel, QuotaReading reading) {
        quotas.put(keyLabel, reading);
    }

    @Override
    public synchronized Map<String, QuotaReading> quotas() {
        return Map.copyOf(quotas);
    }

    @Override
    public synchronized long version() {
        return version;
    }

    @Override
    public synchronized long bumpVersion() {
        return ++version;
    }

    @Override
    public synchronized SpendTotals addSpend(String scope, double usd, long atMillis) {
        SpendTotals t = spend.getOrDefault(scope, SpendTotals.NONE);
        long day = Math.floorDiv(atMillis, 86_400_000L);
        long month = month(atMillis);
        SpendTotals next = new SpendTotals(Math.max(day, t.day()),
                day == t.day() ? t.dayUsd() + usd : day > t.day() ? usd : t.dayUsd(),
                Math.max(month, t.month()),
                month == t.month() ? t.monthUsd() + usd : month > t.month() ? usd : t.monthUsd(),
                t.totalUsd() + usd);
        spend.put(scope, next);
        return next;
    }

    /** The UTC month of {@code atMillis} as {@code year * 12 + month - 1}. */
    public static long month(long atMillis) {
        YearMonth m = YearMonth.from(Instant.ofEpochMilli(atMillis).atOffset(ZoneOffset.UTC));
        return m.getYear() * 12L + m.getMonthValue() - 1;
    }

    @Override
    public synchronized SpendTotals spend(String scope) {
        return spend.getOrDefault(scope, SpendTotals.NONE);
    }

    @Override
    public synchronized Map<String, String> entries(String collection) {
        return Map.copyOf(collections.getOrDefault(collection, Map.of()));
    }

    @Override
    public synchronized void putEntry(String collection, String id, String document) {
        collections.computeIfAbsent(collection, c -> new HashMap<>()).put(id, document);
        version++;
    }

    @Override
    public synchronized void removeEntry(String collection, String id) {
        Map<String, String> c = collections.get(collection);
        if (c != null) {
            c.remove(id);
        }
        version++;
    }

    @Override
    public void ping() {
    }

    @Override
    public void close() {
    }
}
