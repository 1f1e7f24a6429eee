package io.llmgateway.core.cli.litellm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LiteLLM's values as this gateway's config writes them: {@code os.environ/VAR} becomes
 * {@code ${VAR}}; any other {@code $} is doubled, since the gateway expands {@code ${...}} and
 * reads {@code $$} as one {@code $}.
 */
final class ConfigValues {

    private static final String ENV_PREFIX = "os.environ/";
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ConfigValues() {
    }

    /** The config text of a LiteLLM string value, or null when it names a variable that cannot be one. */
    static String of(String litellm) {
        String v = litellm.trim();
        if (v.startsWith(ENV_PREFIX)) {
            String name = v.substring(ENV_PREFIX.length());
            return VARIABLE.matcher(name).matches() ? "${" + name + "}" : null;
        }
        return litellm.replace("$", "$$");
    }

    /** Whether the value is read from the environment. */
    static boolean isVariable(String litellm) {
        return litellm.trim().startsWith(ENV_PREFIX);
    }

    /** A whole number of a LiteLLM number ({@code 20_000}, {@code 480}, {@code "60"}), or -1. */
    static long count(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = Pattern.compile("[0-9][0-9_]*").matcher(text.trim());
        if (!m.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A LiteLLM decimal number, or NaN. */
    static double number(String text) {
        if (text == null) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(text.trim().replace("_", ""));
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
