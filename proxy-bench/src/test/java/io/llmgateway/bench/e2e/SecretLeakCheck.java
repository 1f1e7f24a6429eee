package io.llmgateway.bench.e2e;

import io.llmgateway.core.secrets.SecretMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * "No secret appears in a log, an error body or a response": run by every {@link GatewayProcess} as
 * it closes, over everything that process produced — its whole output (logs, warnings, problems),
 * its request-log file ({@code logging.file.path} and its backups), and every response a
 * {@link RawHttp} of the suite read from its port — searched with the gateway's own
 * {@link SecretMatcher}, so that an escaped, percent-encoded or base64 form counts too.
 *
 * <p>The secrets are those of the config the process ran on: provider keys' {@code secret}, every
 * {@code password}, {@code *_key}, {@code *_keys} and {@code *_token} value (an AWS session token) (client and admin keys included), and
 * the values of credential-like headers and query parameters ({@code authorization}, names with
 * {@code key}, {@code token}, {@code secret}, {@code auth}); {@code ${VAR}} resolved from the
 * environment the test gave the process, whose credential-like variables count themselves (the
 * master key among them); plus any the test declares ({@link GatewayProcess#treatAsSecret}), such as
 * the plaintext of an {@code enc:} value. Values shorter than {@link SecretMatcher#MIN_LENGTH} are
 * not searched, as in the gateway: they would match by chance. A failure names the secret by where
 * it came from and the place it leaked, never by its value.
 */
final class SecretLeakCheck {

    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(auth|key|token|secret|password).*");
    private static final Pattern WHOLE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?}");
    /** What each gateway port's clients received through {@link RawHttp}, reset when a gateway takes the port. */
    private static final Map<Integer, List<String>> RECEIVED = new ConcurrentHashMap<>();
    /** Volume tests read many thousands of identical answers: the first ones are enough to search. */
    private static final int MAX_RECEIVED_PER_PORT = 10_000;

    /** Secret value by where it came from, e.g. {@code providers[0].keys[1].secret}. */
    private final Map<String, String> secrets = new LinkedHashMap<>();

    private SecretLeakCheck() {
    }

    /** The secrets of {@code yaml} run with {@code env}. */
    static SecretLeakCheck of(String yaml, Map<String, String> env) {
        SecretLeakCheck check = new SecretLeakCheck();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (CREDENTIAL_NAME.matcher(e.getKey()).matches()) {
                check.add("$" + e.getKey(), e.getValue());
            }
        }
        Object doc;
        try {
            doc = new Yaml(new LoaderOptions()).load(yaml);
        } catch (RuntimeException e) {
            return check; // a config meant to be refused: the process never ran on it
        }
        check.walk("", doc, false, env);
        return check;
    }

    void add(String origin, String value) {
        if (value != null && value.length() >= SecretMatcher.MIN_LENGTH) {
            secrets.put(origin, value);
        }
    }

    private void walk(String path, Object node, boolean secret, Map<String, String> env) {
        if (node instanceof Map<?, ?> map) {
            boolean credentialMap = path.endsWith("headers") || path.endsWith("query");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                boolean holds = key.equals("secret") || key.endsWith("password") || key.endsWith("_key")
                        || key.endsWith("_keys") || key.endsWith("_token")
                        || credentialMap && CREDENTIAL_NAME.matcher(key).matches();
                walk(path.isEmpty() ? key : path + "." + key, e.getValue(), holds, env);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(path + "[" + i + "]", list.get(i), secret, env);
            }
        } else if (secret && node instanceof String value) {
            Matcher variable = WHOLE_VARIABLE.matcher(value);
            if (variable.matches()) {
                add(path, env.get(variable.group(1)));
            } else if (!value.contains("${") && !value.startsWith("enc:")) {
                add(path, value);
            }
        }
    }

    /** A gateway now listens on {@code port}: what was received from an earlier owner of the port is not its. */
    static void portTaken(int port) {
        RECEIVED.remove(port);
    }

    /** Records what a client read from {@code port}. */
    static void received(int port, String text) {
        List<String> list = RECEIVED.computeIfAbsent(port, p -> Collections.synchronizedList(new ArrayList<>()));
        if (list.size() < MAX_RECEIVED_PER_PORT) {
            list.add(text);
        }
    }

    /**
     * Every leak into {@code output}, the request-log file of {@code yaml} and the responses read from
     * {@code port}, one line per leak naming the secret's origin and where it leaked; empty when clean.
     */
    List<String> leaks(List<String> output, String yaml, int port) throws IOException {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> s : secrets.entrySet()) {
            SecretMatcher m = SecretMatcher.of(s.getValue());
            for (int i = 0; i < output.size(); i++) {
                if (m.foundIn(output.get(i))) {
                    found.add("the secret of " + s.getKey() + " is in line " + (i + 1) + " of the gateway's output");
                }
            }
            List<String> received = RECEIVED.getOrDefault(port, List.of());
            synchronized (received) {
                for (int i = 0; i < received.size(); i++) {
                    if (m.foundIn(received.get(i))) {
                        found.add("the secret of " + s.getKey() + " is in response " + (i + 1) + " read from port " + port);
                    }
                }
            }
            for (Path file : requestLogFiles(yaml)) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (m.foundIn(lines.get(i))) {
                        found.add("the secret of " + s.getKey() + " is in line " + (i + 1) + " of " + file);
                    }
                }
            }
        }
        return found;
    }

    /** {@code logging.file.path} and its numbered backups, when the config enables the file. */
    private static List<Path> requestLogFiles(String yaml) throws IOException {
        Object doc;
        try {
            doc = new Yaml(new LoaderOptions()).load(yaml);
        } catch (RuntimeException e) {
            return List.of();
        }
        if (!(doc instanceof Map<?, ?> root && root.get("logging") instanceof Map<?, ?> logging
                && logging.get("file") instanceof Map<?, ?> file && Boolean.TRUE.equals(file.get("enabled"))
                && file.get("path") instanceof String path)) {
            return List.of();
        }
        Path log = Path.of(path);
        List<Path> files = new ArrayList<>();
        if (log.getParent() != null && Files.isDirectory(log.getParent())) {
            try (var siblings = Files.list(log.getParent())) {
                siblings.filter(p -> p.getFileName().toString().startsWith(log.getFileName().toString()))
                        .filter(Files::isRegularFile)
                        .forEach(files::add);
            }
        }
        return files;
    }

    /** How many secrets are searched: a check that searches none proves nothing. */
    int size() {
        return secrets.size();
    }
}
