package io.llmgateway.core.cli;

import io.llmgateway.core.secrets.SecretCipher;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * {@code encrypt-secret [--value SECRET]}: prints the {@code enc:v1:...} config value of a secret,
 * encrypted under {@value SecretCipher#MASTER_KEY_VARIABLE}. The secret comes from stdin (one
 * trailing line break dropped, so {@code echo "$KEY" | ...} works), read without echo when stdin is
 * a terminal; {@code --value} also works but leaves the secret in the shell history and the
 * process list.
 *
 * <p>Exit 0 with the value on stdout; 1 when the master key is missing or malformed, or the secret
 * is empty. Nothing printed ever holds the secret or the key.
 */
final class EncryptSecretCommand {

    /** Longer than any credential; stops a mistaken pipe of a whole file. */
    private static final int MAX_SECRET_BYTES = 64 * 1024;

    private EncryptSecretCommand() {
    }

    static int run(String value, Function<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        SecretCipher cipher;
        try {
            cipher = SecretCipher.fromMasterKey(env.apply(SecretCipher.MASTER_KEY_VARIABLE));
        } catch (IllegalArgumentException e) {
            err.println("encrypt-secret: " + e.getMessage());
            return 1;
        }
        String secret;
        try {
            secret = value != null ? value : read(in);
        } catch (IOException e) {
            err.println("encrypt-secret: cannot read the secret from stdin: " + e.getMessage());
            return 1;
        }
        if (secret == null) {
            err.println("encrypt-secret: the secret on stdin is longer than " + MAX_SECRET_BYTES
                    + " bytes (expected: one credential)");
            return 1;
        }
        if (secret.isEmpty()) {
            err.println("encrypt-secret: the secret is empty (expected: the secret on stdin, or --value SECRET)");
            return 1;
        }
        out.println(cipher.encrypt(secret));
        return 0;
    }

    /** The secret from the terminal without echo, else from {@code in}; null when it is too long. */
    private static String read(InputStream in) throws IOException {
        Console console = System.console();
        if (console != null && in == System.in) {
            char[] typed = console.readPassword("secret to encrypt (not echoed): ");
            if (typed == null) {
                return "";
            }
            String s = new String(typed);
            Arrays.fill(typed, '\0');
            return s;
        }
        byte[] bytes = in.readNBytes(MAX_SECRET_BYTES + 1);
        if (bytes.length > MAX_SECRET_BYTES) {
            return null;
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
