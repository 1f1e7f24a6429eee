package io.llmgateway.core.vkeys;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.auth.VirtualKeyAccess;
import io.llmgateway.core.observe.OutcomeConsumer;
import io.llmgateway.core.observe.OutcomeCost;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Spend of the requests made with a virtual key, from the exact cost of their outcomes
 * ({@link OutcomeCost}): added to the client's virtual
 * key's and its team's {@link io.llmgateway.core.auth.SpendMeter} (which budgets read) and to the
 * {@link SpendHistory} ({@code GET /admin/v1/spend}). An {@link OutcomeConsumer}: runs on the
 * observer thread, off the event loop.
 *
 * <p>The history is saved to the store at most every {@link #FLUSH_INTERVAL_MS} ms when it
 * changed, by a thread of its own (the observer thread never waits on the disk), and once more at
 * {@link #close()}. A crash loses at most the spend of the last interval.
 */
public final class SpendLedger implements OutcomeConsumer {

    static final long FLUSH_INTERVAL_MS = 1_000;
    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(SpendLedger.class);

    private final VirtualKeyRegistry registry;
    private final VirtualKeyStore store;
    private final SpendHistory history;
    private final ExecutorService flusher;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private long lastFlushNanos = System.nanoTime();
    /** Null while spend is this instance's own (the embedded runtime store). */
    private volatile VirtualKeySharing sharing;

    private SpendLedger(VirtualKeyRegistry registry, VirtualKeyStore store, SpendHistory history) {
        this.registry = registry;
        this.store = store;
        this.history = history;
        this.flusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spend-flush");
            t.setDaemon(true);
            return t;
        });
    }

    /** The ledger of the history {@code store} holds, replayed into the meters of {@code registry}. */
    public static SpendLedger open(VirtualKeyRegistry registry, VirtualKeyStore store) {
        List<SpendRow> rows = store.loadSpend();
        for (SpendRow r : rows) {
            long at = r.day().atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            if (r.key() != null) {
                registry.keyMeter(r.key()).add(r.costUsd(), at);
            }
            if (r.team() != null) {
                registry.teamMeter(r.team()).add(r.costUsd(), at);
            }
        }
        return new SpendLedger(registry, store, new SpendHistory(rows));
    }

    /** Pushes spend to the shared runtime store from now on. */
    void share(VirtualKeySharing sharing) {
        this.sharing = sharing;
    }

    /** The history, for reports. */
    SpendHistory history() {
        return history;
    }

    @Override
    public void accept(ExchangeOutcome o) {
        if (o.deployment() == null || o.clientKeyId() == null) {
            return; // refused before any provider, or no client key: nothing to count
        }
        VirtualKeyAccess key = registry.key(o.clientKeyId());
        if (key == null) {
            return; // a server.api_keys client: its cost is in the metrics, not in any budget
        }
        double usd = OutcomeCost.usd(o);
        long now = System.currentTimeMillis();
        key.spend().add(usd, now);
        if (o.teamId() != null) {
            registry.teamMeter(o.teamId()).add(usd, now);
        }
        VirtualKeySharing s = sharing;
        if (s != null && usd > 0) {
            s.spent(VirtualKeySharing.keyScope(o.clientKeyId()), usd, now);
            if (o.teamId() != null) {
                s.spent(VirtualKeySharing.teamScope(o.teamId()), usd, now);
            }
        }
        Usage u = o.usage();
        history.add(LocalDate.ofEpochDay(Math.floorDiv(now, 86_400_000L)), o.clientKeyId(), o.teamId(), o.alias(),
                o.providerId(), usd, 1, u == null ? 0 : u.promptTokens(), u == null ? 0 : u.completionTokens());
    }

    @Override
    public void idle(long nowNanos) {
        if (nowNanos - lastFlushNanos < TimeUnit.MILLISECONDS.toNanos(FLUSH_INTERVAL_MS)
                || !flushing.compareAndSet(false, true)) {
            return;
        }
        lastFlushNanos = nowNanos;
        List<SpendRow> rows = history.changedRows();
        if (rows == null) {
            flushing.set(false);
            return;
        }
        flusher.execute(() -> {
            try {
                store.saveSpend(rows);
            } catch (RuntimeException e) {
                history.unsaved();
                LOG.warn("the spend history could not be saved (will try again): {}", e.getMessage());
            } finally {
                flushing.set(false);
            }
        });
    }

    /** Saves what is left, then stops the flusher. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            if (!flusher.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the spend flush did not end within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<SpendRow> rows = history.changedRows();
        if (rows != null) {
            try {
                store.saveSpend(rows);
            } catch (RuntimeException e) {
                LOG.warn("the spend history could not be saved at shutdown: {}", e.getMessage());
            }
        }
    }
}
