package io.llmgateway.core.config;

import io.llmgateway.core.secrets.SecretCipher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in YAML scalar values, as Docker Compose
 * does; {@code $$} is a literal {@code $}. Expansion happens on parsed scalars, never on the raw
 * file text, so a secret containing YAML syntax cannot change the document's structure.
 *
 * <p>An unset variable without a default expands to the empty string (a key whose secret is empty
 * is disabled with a warning, not a crash); {@code ${VAR:-x}} also uses {@code x} when VAR is set
 * but empty, as in POSIX shells. {@link #expansion} also says which variables were missing, so
 * that a problem can name the variable instead of printing the value it stands for.
 *
 * <p>A scalar written as {@code enc:v1:...} is decrypted instead ({@link SecretCipher}, under the
 * master key of {@value SecretCipher#MASTER_KEY_VARIABLE}, read at the first such value); its
 * plaintext counts as coming from the environment, so that no message prints it.
 */
final class EnvSubstitution {

    private final Function<String, String> env;
    /** The master key's cipher, or the problem with it; read once per load, when first needed. */
    private SecretCipher cipher;
    private String cipherProblem;

    EnvSubstitution(Function<String, String> env) {
        this.env = env;
    }

    /**
     * Returns {@code value} expanded.
     *
     * @throws IllegalArgumentException for an unterminated {@code ${} or an invalid variable name, or an
     *         {@code enc:} value that cannot be decrypted (the message shows neither value nor key)
     */
    String expand(String value) {
        return expansion(value).value();
    }

    /**
     * Expands {@code value} and records where the result came from.
     *
     * @throws IllegalArgumentException for an unterminated {@code ${} or an invalid variable name, or an
     *         {@code enc:} value that cannot be decrypted (the message shows neither value nor key)
     */
    Expansion expansion(String value) {
        if (SecretCipher.isEncrypted(value)) {
            return new Expansion(decrypt(value), true, List.of());
        }
        if (value.indexOf('$') < 0) {
            return new Expansion(value, false, List.of());
        }
        StringBuilder out = new StringBuilder(value.length());
        List<String> missing = new ArrayList<>(0);
        boolean referenced = false;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$' || i + 1 >= value.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = value.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (next != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = value.indexOf('}', i + 2);
            if (close < 0) {
                throw new IllegalArgumentException("unterminated ${ at character " + i);
            }
            referenced = true;
            out.append(resolve(value.substring(i + 2, close), missing));
            i = close + 1;
        }
        return new Expansion(out.toString(), referenced, missing);
    }

    private String resolve(String expr, List<String> missing) {
        int sep = expr.indexOf(":-");
        String name = sep < 0 ? expr : expr.substring(0, sep);
        if (!validName(name)) {
            throw new IllegalArgumentException("invalid variable name '" + name + "' in ${" + expr + "}");
        }
        String v = env.apply(name);
        if (sep >= 0 && (v == null || v.isEmpty())) {
            return expr.substring(sep + 2);
        }
        if (v == null || v.isEmpty()) {
            missing.add(v == null ? "${" + name + "} is not set" : "${" + name + "} is empty");
        }
        return v == null ? "" : v;
    }

    /** The plaintext of an {@code enc:} value; an {@link IllegalArgumentException} saying why not, without it. */
    private String decrypt(String value) {
        if (cipher == null && cipherProblem == null) {
            try {
                cipher = SecretCipher.fromMasterKey(env.apply(SecretCipher.MASTER_KEY_VARIABLE));
            } catch (IllegalArgumentException e) {
                cipherProblem = e.getMessage();
            }
        }
        if (cipher == null) {
            throw new IllegalArgumentException("cannot decrypt this enc: value: " + cipherProblem);
        }
        try {
            return cipher.decrypt(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot decrypt this enc: value: " + e.getMessage());
        }
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * One expanded scalar.
     *
     * @param value           the text after substitution
     * @param fromEnvironment whether the text referenced a variable: then a message must not print
     *                        {@code value}, only the text as written
     * @param missing         each referenced variable without a default that was unset or empty, as
     *                        {@code ${NAME} is not set} or {@code ${NAME} is empty}
     */
    record Expansion(String value, boolean fromEnvironment, List<String> missing) {

        Expansion {
            missing = List.copyOf(missing);
        }

        /** The missing variables in one phrase, e.g. {@code ${A} is not set, ${B} is empty}; empty when none. */
        String missingPhrase() {
            return String.join(", ", missing);
        }
    }
}
