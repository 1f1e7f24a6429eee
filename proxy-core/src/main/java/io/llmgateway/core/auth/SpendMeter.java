package io.llmgateway.core.auth;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * What one virtual key or team has spent: in the current UTC day, the current UTC month, and in
 * all. Few writers, many readers: the spend ledger adds on the observer thread (or the loader, before
 * the gateway serves), the state thread {@link #adopt adopts} the totals every instance shares;
 * event loops read {@link #spent} to check a budget.
 *
 * <p>The totals are one immutable {@link Totals} in a volatile field: a reader gets a consistent
 * day, month and total with one volatile read and no allocation; a writer replaces it with a CAS
 * (one small object per priced request, off the event loop). A period that has turned since the
 * last write reads as 0, so no timer is needed to reset budgets at midnight.
 */
public final class SpendMeter {

    private static final long DAY_MS = 86_400_000L;

    private static final java.lang.invoke.VarHandle TOTALS;

    static {
        try {
            TOTALS = java.lang.invoke.MethodHandles.lookup().findVarHandle(SpendMeter.class, "totals", Totals.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Totals totals = new Totals(Long.MIN_VALUE, 0, Long.MIN_VALUE, Long.MIN_VALUE, 0, 0);

    /** The USD spent in the {@code period} that holds {@code nowMillis}. Lock-free; allocates nothing. */
    public double spent(BudgetPeriod period, long nowMillis) {
        Totals t = totals;
        return switch (period) {
            case DAY -> Math.floorDiv(nowMillis, DAY_MS) == t.day ? t.dayUsd : 0;
            case MONTH -> nowMillis >= t.monthStart && nowMillis < t.monthEnd ? t.monthUsd : 0;
            case TOTAL -> t.totalUsd;
        };
    }

    /** USD spent in all. */
    public double total() {
        return totals.totalUsd;
    }

    /** Adds {@code usd} spent at {@code atMillis}. Any thread (lock-free). */
    public void add(double usd, long atMillis) {
        if (!(usd > 0)) {
            return;
        }
        for (;;) {
            Totals t = totals;
            if (TOTALS.compareAndSet(this, t, added(t, usd, atMillis))) {
                return;
            }
        }
    }

    /**
     * Replaces the totals by what every instance spent together ({@code month} as
     * {@code year * 12 + month - 1}; {@link Long#MIN_VALUE} for a day or month never spent in).
     */
    public void adopt(long day, double dayUsd, long month, double monthUsd, double totalUsd) {
        if (month == Long.MIN_VALUE) {
            totals = new Totals(day, dayUsd, Long.MIN_VALUE, Long.MIN_VALUE, 0, totalUsd);
            return;
        }
        YearMonth m = YearMonth.of((int) Math.floorDiv(month, 12), (int) Math.floorMod(month, 12) + 1);
        long monthStart = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long monthEnd = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        totals = new Totals(day, dayUsd, monthStart, monthEnd, monthUsd, totalUsd);
    }

    private static Totals added(Totals t, double usd, long atMillis) {
        long day = Math.floorDiv(atMillis, DAY_MS);
        double dayUsd = day == t.day ? t.dayUsd + usd : day > t.day ? usd : t.dayUsd;
        long d = day == t.day || day < t.day ? t.day : day;
        long monthStart = t.monthStart;
        long monthEnd = t.monthEnd;
        double monthUsd;
        if (atMillis >= monthStart && atMillis < monthEnd) {
            monthUsd = t.monthUsd + usd;
        } else if (atMillis >= monthEnd) {
            YearMonth m = YearMonth.from(Instant.ofEpochMilli(atMillis).atOffset(ZoneOffset.UTC));
            monthStart = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            monthEnd = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            monthUsd = usd;
        } else {
            monthUsd = t.monthUsd; // spend of a past month (replayed history) counts in the total only
        }
        return new Totals(d, dayUsd, monthStart, monthEnd, monthUsd, t.totalUsd + usd);
    }

    /** When the {@code period} holding {@code nowMillis} ends (UTC); -1 for {@link BudgetPeriod#TOTAL}. */
    public static long periodEnd(BudgetPeriod period, long nowMillis) {
        return switch (period) {
            case DAY -> (Math.floorDiv(nowMillis, DAY_MS) + 1) * DAY_MS;
            case MONTH -> YearMonth.from(Instant.ofEpochMilli(nowMillis).atOffset(ZoneOffset.UTC)).plusMonths(1)
                    .atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            case TOTAL -> -1;
        };
    }

    private record Totals(long day, double dayUsd, long monthStart, long monthEnd, double monthUsd, double totalUsd) {
    }
}
