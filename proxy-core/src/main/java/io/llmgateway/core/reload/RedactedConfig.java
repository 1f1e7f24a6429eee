package io.llmgateway.core.reload;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The running document as plain values for JSON ({@code GET /admin/v1/config}), with every secret
 * replaced by {@value #REDACTED}: the values of {@code secret}, {@code password}, {@code key},
 * {@code *_key}, {@code *_token}, {@code hash}, {@code *_hash} (and everything under them), the
 * items of a {@code keys} or {@code *_keys} list written as bare strings (in one of mappings, the
 * mappings' secret fields), every value under {@code headers} or {@code query} (webhook and OTLP headers
 * included), and any value written as a {@code ${VAR}} reference or an {@code enc:} ciphertext.
 * Merge keys and anchors are resolved, as the loader sees them.
 */
final class RedactedConfig {

    static final String REDACTED = "[redacted]";

    private static final Pattern SECRET_NAME = Pattern.compile("secret|password|key|.*_key|.*_token|hash|.*_hash");
    private static final Pattern KEY_LIST_NAME = Pattern.compile("keys|.*_keys");

    private RedactedConfig() {
    }

    /** {@code yaml} (a document that validated) as maps, lists and scalars, secrets redacted. */
    static Object of(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        Object doc = new Yaml(new SafeConstructor(options)).load(yaml);
        return redact(doc, false);
    }

    /** @param secret whether everything under this value is a credential */
    private static Object redact(Object v, boolean secret) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String name = String.valueOf(e.getKey());
                boolean under = secret || SECRET_NAME.matcher(name).matches() || KEY_LIST_NAME.matcher(name).matches()
                        || name.equals("headers") || name.equals("query");
                // Lists of keys hold mappings (an id, kept; a secret, redacted by name) or bare secrets.
                boolean keyList = KEY_LIST_NAME.matcher(name).matches() && e.getValue() instanceof List<?>;
                out.put(name, keyList && !secret ? redactKeyList((List<?>) e.getValue()) : redact(e.getValue(), under));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(redact(o, secret));
            }
            return out;
        }
        if (v == null) {
            return null;
        }
        if (secret) {
            return REDACTED;
        }
        if (v instanceof String s) {
            return s.contains("${") || s.startsWith("enc:") ? REDACTED : s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Date d) {
            return d.toInstant();
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        return String.valueOf(v);
    }

    /** Items that are mappings keep their non-secret fields; a bare string item is a secret. */
    private static List<Object> redactKeyList(List<?> keys) {
        List<Object> out = new ArrayList<>(keys.size());
        for (Object k : keys) {
            out.add(k instanceof Map<?, ?> ? redact(k, false) : redact(k, true));
        }
        return out;
    }
}
