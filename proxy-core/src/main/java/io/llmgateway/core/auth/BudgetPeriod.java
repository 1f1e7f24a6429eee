package io.llmgateway.core.auth;

import java.util.Locale;

/** Over what time a {@link Budget} counts spend: a UTC day, a UTC calendar month, or for ever. */
public enum BudgetPeriod {
    DAY,
    MONTH,
    TOTAL;

    /** The period named {@code name} ({@code day}, {@code month}, {@code total}); null when none is. */
    public static BudgetPeriod of(String name) {
        for (BudgetPeriod p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    /** The name as written in YAML and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
