package io.llmgateway.core.cli;

import java.util.Locale;

/**
 * Every option of the command line. Which command takes which is said by {@link CommandName};
 * {@link #HELP} and {@link #VERSION} are taken by every command.
 */
enum Option {
    CONFIG("--config", "FILE", "config file (default: $LLM_GATEWAY_CONFIG, else config.yaml)"),
    LOG_LEVEL("--log-level", "LEVEL", "error | warn | info | debug (default: $LLM_GATEWAY_LOG_LEVEL, else info)"),
    STRICT("--strict", null, "exit non-zero when the file has warnings (e.g. a key disabled by an empty secret)"),
    LISTEN("--listen", "HOST:PORT", "where the demo gateway listens (default: 127.0.0.1:8080)"),
    PRINT_CONFIG("--print-config", null, "print the demo's config (a starting point for serve --config) and exit"),
    VALUE("--value", "SECRET", "the secret to encrypt (discouraged: shell history and the process list show it; "
            + "default: read from stdin)"),
    URL("--url", "URL", "the gateway's base URL (default: $LLM_GATEWAY_URL, else http://127.0.0.1:8080)"),
    ADMIN_KEY("--admin-key", "KEY", "the admin API key (default: $LLM_GATEWAY_ADMIN_KEY, which keeps it out of ps)"),
    JSON("--json", null, "print the admin API's JSON answer as it is instead of a table"),
    NAME("--name", "NAME", "the key's name"),
    TEAM("--team", "TEAM", "the id of the team that owns the key"),
    MODELS("--models", "A,B", "the models (aliases) the key may use, comma-separated (default: every one)"),
    RPM("--rpm", "N", "requests per minute the key may send (default: no limit)"),
    TPM("--tpm", "N", "tokens per minute the key may use (default: no limit)"),
    MAX_PARALLEL("--max-parallel", "N", "requests the key may have in flight at once (default: no limit)"),
    BUDGET_USD("--budget-usd", "USD", "what the key may spend per budget period, in US dollars"),
    BUDGET_PERIOD("--budget-period", "PERIOD", "day | month | total (default: month)"),
    EXPIRES("--expires", "WHEN", "when the key stops working: 2027-01-01 (midnight UTC) or 2027-01-01T12:00:00Z"),
    META("--meta", "K=V", "a metadata entry of the key; repeat it for more", true),
    OUTPUT("--output", "FILE", "write the converted config to FILE instead of standard output (also -o)"),
    HELP("--help", null, "print this help and exit (also -h)"),
    VERSION("--version", null, "print the version and exit");

    private final String flag;
    private final String valueName;
    private final String help;
    private final boolean repeatable;

    Option(String flag, String valueName, String help) {
        this(flag, valueName, help, false);
    }

    Option(String flag, String valueName, String help, boolean repeatable) {
        this.flag = flag;
        this.valueName = valueName;
        this.help = help;
        this.repeatable = repeatable;
    }

    String flag() {
        return flag;
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** Whether the option may be given more than once ({@code --meta a=1 --meta b=2}). */
    boolean repeatable() {
        return repeatable;
    }

    /** {@code --config FILE} or {@code --strict}: the option as usage shows it. */
    String synopsis() {
        return takesValue() ? flag + ' ' + valueName : flag;
    }

    String help() {
        return help;
    }

    /** The option named {@code token} ({@code --config}, {@code -h}, {@code -o}), or null. */
    static Option byFlag(String token) {
        if (token.equals("-h")) {
            return HELP;
        }
        if (token.equals("-o")) {
            return OUTPUT;
        }
        for (Option o : values()) {
            if (o.flag.equals(token)) {
                return o;
            }
        }
        return null;
    }

    /** The known option closest to a mistyped one (at most two edits away), or null. */
    static Option closest(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        Option best = null;
        int bestDistance = 3;
        for (Option o : values()) {
            int d = distance(t, o.flag);
            if (d < bestDistance) {
                best = o;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance: option names are short, so the quadratic table is a few hundred cells. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
