package io.llmgateway.core.state;

/**
 * The spend of one scope ({@code vkey:<id>} or {@code team:<id>}) as every instance sees it.
 *
 * @param day      the UTC day {@code dayUsd} belongs to (epoch day)
 * @param dayUsd   spent in that day
 * @param month    the UTC month {@code monthUsd} belongs to ({@code year * 12 + month - 1})
 * @param monthUsd spent in that month
 * @param totalUsd spent in all
 */
public record SpendTotals(long day, double dayUsd, long month, double monthUsd, double totalUsd) {

    public static final SpendTotals NONE = new SpendTotals(Long.MIN_VALUE, 0, Long.MIN_VALUE, 0, 0);
}
