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
    HELP("--help", null, "print this help and exit (also -h)"),
    VERSION("--version", null, "print the version and exit");

    private final String flag;
    private final String valueName;
    private final String help;

    Option(String flag, String valueName, String help) {
        this.flag = flag;
        this.valueName = valueName;
        this.help = help;
    }

    String flag() {
        return flag;
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** {@code --config FILE} or {@code --strict}: the option as usage shows it. */
    String synopsis() {
        return takesValue() ? flag + ' ' + valueName : flag;
    }

    String help() {
        return help;
    }

    /** The option named {@code token} ({@code --config}, {@code -h}), or null. */
    static Option byFlag(String token) {
        if (token.equals("-h")) {
            return HELP;
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
