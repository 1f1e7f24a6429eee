package io.llmgateway.core.state;

import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.limits.Ticker;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The one thread that talks to the shared {@link RuntimeStore}, so that no event loop ever waits on
 * it. It leases credit for the {@link SharedWindow}s the request path spends (when one asks), beats
 * this instance's heartbeat, publishes this instance's decisions ({@link #publish}), applies other
 * instances' ones and syncs spend and quota readings ({@link StateParticipant}s) every
 * {@code storage.runtime.sync_interval_ms}.
 *
 * <p><b>When the store is down or slow</b> (a command failed or ran past {@code timeout_ms}): it
 * logs once, reports {@link #up()} false ({@code llm_state_store_up 0}) and leases from a local
 * book instead, which grants this instance {@code 1/N} of each limit (N: the live instances at the
 * last heartbeat). Decisions to publish stay queued. A probe thread pings the store every sync
 * interval; when it answers, the local book's usage of the last minute is reported to it, queued
 * decisions and spend are pushed, and leases come from the store again.
 */
public final class StateKeeper implements AutoCloseable {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(StateKeeper.class);
    /** Credit left untouched this long goes back to the store, for the other instances. */
    static final long IDLE_RETURN_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Decisions kept while the store is down; beyond, the oldest are dropped (logged). */
    static final int MAX_QUEUED_DECISIONS = 10_000;

    private final RuntimeStore store;
    private final RuntimeStoreConfig config;
    private final Ticker ticker;
    private final String instanceId = UUID.randomUUID().toString();
    private final Map<String, SharedWindow> windows = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<SharedWindow> refills = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Consumer<RuntimeStore>> decisions = new ConcurrentLinkedQueue<>();
    private final List<StateParticipant> participants = new CopyOnWriteArrayList<>();
    private final AtomicBoolean recovered = new AtomicBoolean();
    private final Thread thread;
    private final Thread probe;
    private volatile boolean up = true;
    private volatile boolean closed;
    private volatile int instances = 1;
    /** The book of the outage: this instance's share of each limit, local. Replaced at each recovery. */
    private MemoryRuntimeStore local;
    private long lastVersion = Long.MIN_VALUE;
    private long nextTickNanos;
    private final ArrayDeque<Consumer<RuntimeStore>> retry = new ArrayDeque<>();

    public StateKeeper(RuntimeStore store, RuntimeStoreConfig config, Ticker ticker) {
        this.store = store;
        this.config = config;
        this.ticker = ticker;
        this.local = new MemoryRuntimeStore(ticker::currentTimeMillis);
        this.thread = new Thread(this::run, "llm-state");
        this.thread.setDaemon(true);
        this.probe = new Thread(this::probeLoop, "llm-state-probe");
        this.probe.setDaemon(true);
    }

    /** Beats once (so that N is known before the first lease) and starts the threads. */
    public StateKeeper start() {
        try {
            instances = store.heartbeat(instanceId, config.instanceTtlMs());
            LOG.info("runtime store up: {} live instance(s)", instances);
        } catch (StoreUnavailableException e) {
            markDown(e);
        }
        thread.start();
        probe.start();
        return this;
    }

    /** This instance's id in the heartbeat set and in the flags it publishes. */
    public String instanceId() {
        return instanceId;
    }

    /** Whether the store answered its last command ({@code llm_state_store_up}). */
    public boolean up() {
        return up;
    }

    /** Live instances at the last heartbeat (at least 1). */
    public int instances() {
        return instances;
    }

    public void participate(StateParticipant p) {
        participants.add(p);
    }

    /**
     * The window of {@code scope} with these cluster-wide limits (created at first use, limits
     * updated after that); null when both are 0 (nothing to share).
     */
    public SharedWindow window(String scope, long rpm, long tpm) {
        if (rpm == 0 && tpm == 0) {
            forget(scope);
            return null;
        }
        SharedWindow w = windows.computeIfAbsent(scope, s -> new SharedWindow(s, rpm, tpm, this));
        w.limits(rpm, tpm);
        return w;
    }

    /** Stops sharing {@code scope} (a key removed by a reload); its credit goes back. */
    public void forget(String scope) {
        SharedWindow w = windows.remove(scope);
        if (w != null) {
            decide(s -> giveBack(s, w));
        }
    }

    /** Asks for credit for {@code w} (from any thread; lock-free). */
    void refill(SharedWindow w) {
        refills.offer(w);
        LockSupport.unpark(thread);
    }

    /**
     * Queues a decision to write to the store (from any thread; lock-free): run in order on the
     * state thread, kept and retried while the store is down.
     */
    public void decide(Consumer<RuntimeStore> write) {
        decisions.offer(write);
        LockSupport.unpark(thread);
    }

    /** Publishes a flag for every instance (see {@link #decide}). */
    public void publish(SharedFlag flag) {
        decide(s -> s.putFlag(flag));
    }

    public void unpublish(SharedFlag.Kind kind, String id) {
        decide(s -> s.removeFlag(kind, id));
    }

    /** Whether the caller runs on the state thread (applying what others decided must not be published again). */
    public boolean onStateThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        nextTickNanos = ticker.nanoTime();
        while (!closed) {
            try {
                step();
            } catch (RuntimeException e) {
                LOG.warn("the state thread's step failed (continuing): {}", e.toString());
            }
            long wait = nextTickNanos - ticker.nanoTime();
            if (wait > 0 && refills.isEmpty() && decisions.isEmpty() && !recovered.get()) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    private void step() {
        if (recovered.getAndSet(false)) {
            recover();
        }
        SharedWindow w;
        while ((w = refills.poll()) != null) {
            lease(w);
        }
        Consumer<RuntimeStore> d;
        while ((d = decisions.poll()) != null) {
            retry.addLast(d);
            if (retry.size() > MAX_QUEUED_DECISIONS) {
                retry.pollFirst();
                LOG.warn("more than {} decisions wait for the runtime store: the oldest is dropped",
                        MAX_QUEUED_DECISIONS);
            }
        }
        if (up) {
            flushDecisions();
        }
        long now = ticker.nanoTime();
        if (now - nextTickNanos >= 0) {
            nextTickNanos = now + TimeUnit.MILLISECONDS.toNanos(config.syncIntervalMs());
            tick(now);
        }
    }

    private void flushDecisions() {
        Consumer<RuntimeStore> d;
        while (up && (d = retry.peekFirst()) != null) {
            try {
                d.accept(store);
                retry.pollFirst();
            } catch (StoreUnavailableException e) {
                markDown(e);
            }
        }
    }

    private void tick(long now) {
        if (!up) {
            for (SharedWindow w : windows.values()) {
                reportDebt(w);
            }
            return;
        }
        try {
            instances = store.heartbeat(instanceId, config.instanceTtlMs());
            long v = store.version();
            if (v != lastVersion) {
                lastVersion = v;
                for (StateParticipant p : participants) {
                    p.changed(store);
                }
            }
            for (StateParticipant p : participants) {
                p.sync(store);
            }
            for (SharedWindow w : windows.values()) {
                if (w.requestCredit() > 0 || w.tokenCredit() > 0) {
                    if (now - w.lastTakeNanos > IDLE_RETURN_NANOS) {
                        giveBack(store, w);
                    }
                }
                reportDebt(w);
            }
        } catch (StoreUnavailableException e) {
            markDown(e);
        }
    }

    private void reportDebt(SharedWindow w) {
        if (!w.refillAsked()) {
            long debt = w.drainDebt();
            if (debt > 0) {
                w.restoreDebt(debt);
                lease(w);
            }
        }
    }

    /** Leases credit for {@code w} from the store, or from the local book while the store is down. */
    private void lease(SharedWindow w) {
        int n = Math.max(1, instances);
        boolean shared = up;
        long rpm = shared ? w.rpm() : ceilDiv(w.rpm(), n);
        long tpm = shared ? w.tpm() : ceilDiv(w.tpm(), n);
        int split = shared ? n : 1;
        w.batches(batch(rpm, split), batch(tpm, split));
        long wantReq = rpm > 0 ? Math.max(0, w.requestBatch() - w.requestCredit()) : 0;
        long wantTok = tpm > 0 ? Math.max(0, w.tokenBatch() - w.tokenCredit()) : 0;
        long debt = w.drainDebt();
        long now = ticker.nanoTime();
        Grant g;
        try {
            g = (shared ? store : local).lease(w.scope(), rpm, tpm, wantReq, wantTok, debt);
        } catch (StoreUnavailableException e) {
            w.restoreDebt(debt);
            markDown(e);
            lease(w); // again, from the local book
            return;
        }
        w.grantSecond = g.second();
        if (g.requests() > 0 || g.tokens() > 0) {
            w.lastTakeNanos = now; // fresh credit is not idle credit
        }
        w.granted(g.requests(), g.tokens(),
                g.requests() == 0 && wantReq > 0 ? now + TimeUnit.MILLISECONDS.toNanos(g.requestsFreeInMs()) : 0,
                g.tokens() == 0 && wantTok > 0 ? now + TimeUnit.MILLISECONDS.toNanos(g.tokensFreeInMs()) : 0);
    }

    private void giveBack(RuntimeStore s, SharedWindow w) {
        long req = w.drainRequests();
        long tok = w.drainTokens();
        if (req > 0 || tok > 0) {
            try {
                s.giveBack(w.scope(), Math.max(0, req), Math.max(0, tok), w.grantSecond);
            } catch (StoreUnavailableException e) {
                markDown(e); // the units stay counted until their bucket leaves the window: safe
            }
        }
    }

    /** {@code ceil(limit * lease_fraction / n)}, at least 1; 0 for unlimited. */
    long batch(long limit, int n) {
        if (limit <= 0) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil(limit * config.leaseFraction() / n));
    }

    private static long ceilDiv(long limit, int n) {
        return limit <= 0 ? 0 : (limit + n - 1) / n;
    }

    private void markDown(StoreUnavailableException e) {
        if (up) {
            up = false;
            LOG.warn("the runtime store is unavailable ({}): limits fall back to this instance's share (1/{}) until "
                    + "it answers again", e.getMessage(), instances);
        }
    }

    /** On the probe thread: while the store is down, ping it every sync interval. */
    private void probeLoop() {
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(config.syncIntervalMs()));
            if (up || closed || recovered.get()) {
                continue;
            }
            try {
                store.ping();
                recovered.set(true);
                LockSupport.unpark(thread);
            } catch (StoreUnavailableException e) {
                // still down: logged once when it went down
            }
        }
    }

    /** On the state thread: the store answers again. Report the outage's usage, then share again. */
    private void recover() {
        try {
            MemoryRuntimeStore book = local;
            for (SharedWindow w : windows.values()) {
                int n = Math.max(1, instances);
                Grant used = book.lease(w.scope(), ceilDiv(w.rpm(), n), ceilDiv(w.tpm(), n), 0, 0, 0);
                if (used.requestsUsed() > 0 || used.tokensUsed() > 0) {
                    store.lease(w.scope(), w.rpm(), 0, used.requestsUsed(), 0, 0);
                    store.lease(w.scope(), 0, w.tpm(), 0, 0, used.tokensUsed());
                }
                // reported: a recovery that fails further on and is tried again must not count it twice
                book.forget(w.scope());
            }
            instances = store.heartbeat(instanceId, config.instanceTtlMs());
            for (StateParticipant p : participants) {
                p.reconcile(store);
            }
            local = new MemoryRuntimeStore(ticker::currentTimeMillis);
            lastVersion = Long.MIN_VALUE; // read everything decided meanwhile
            up = true;
            LOG.info("the runtime store answers again: limits are shared again ({} live instance(s))", instances);
            flushDecisions();
        } catch (StoreUnavailableException e) {
            // down again: the probe will try later
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        LockSupport.unpark(probe);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (up) {
            for (SharedWindow w : windows.values()) {
                giveBack(store, w);
            }
            flushDecisions();
            try {
                for (StateParticipant p : participants) {
                    p.sync(store); // the last spend
                }
            } catch (StoreUnavailableException e) {
                LOG.warn("the runtime store did not take the last sync at shutdown: {}", e.getMessage());
            }
        }
        store.close();
    }
}
