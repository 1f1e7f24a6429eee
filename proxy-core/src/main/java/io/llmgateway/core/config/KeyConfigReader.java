package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import io.llmgateway.codec.spi.AwsCredentials;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.core.gcp.ServiceAccountKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code providers[].keys[]} into {@link KeyConfig}s. A key without a secret (nor a
 * {@code credentials_file}, {@link ServiceAccountReader}) is disabled,
 * with a warning that names the unset variable behind it; {@code enabled: false} is intentional
 * and says nothing.
 */
final class KeyConfigReader {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private KeyConfigReader() {
    }

    /** The keys of {@code provider}, whose id is {@code providerId} (null when invalid). */
    static List<KeyConfig> read(ConfigNode provider, String providerId, ProviderSettings settings) {
        ConfigNode list = PROVIDER_KEYS.node(provider);
        List<ConfigNode> nodes = list.items();
        if (nodes.isEmpty()) {
            list.problem("at least one key is required");
        }
        List<KeyConfig> keys = new ArrayList<>(nodes.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            ConfigNode k = nodes.get(i);
            if (PROVIDER_KEYS.check(k)) {
                keys.add(key(k, providerId, settings, i, ids));
            }
        }
        return keys;
    }

    private static KeyConfig key(ConfigNode k, String providerId, ProviderSettings settings, int index,
            Set<String> ids) {
        ConfigNode idNode = KEY_ID.node(k);
        String given = KEY_ID.read(k);
        String keyId = given != null ? given : (providerId == null ? "key" : providerId) + "-" + (index + 1);
        if (!ID.matcher(keyId).matches()) {
            idNode.problem("must be letters, digits, '_', '.' or '-', got " + idNode.quote(keyId));
        } else if (!ids.add(keyId)) {
            idNode.problem("duplicate key id " + idNode.quote(keyId) + " in provider '" + providerId + "'");
        }
        ConfigNode secretNode = KEY_SECRET.node(k);
        String secret = KEY_SECRET.read(k);
        secretNode.checkHeaderSafe(secret);
        boolean enabled = KEY_ENABLED.read(k);
        ConfigNode fileNode = KEY_CREDENTIALS_FILE.node(k);
        if (fileNode.present()) {
            ServiceAccountKey account = ServiceAccountReader.read(k, settings, secret);
            if (account == null && enabled && KEY_CREDENTIALS_FILE.read(k).isBlank()) {
                String missing = fileNode.missingVariables();
                fileNode.warn((missing.isEmpty() ? "credentials_file is empty" : missing) + ": key '" + keyId
                        + "' of provider '" + providerId + "' is disabled");
            }
            return new KeyConfig(keyId, "", KEY_LIMIT_REQ_PER_MIN.read(k), KEY_LIMIT_TOKENS_PER_MIN.read(k),
                    KEY_MAX_CONCURRENT.read(k), KEY_WEIGHT.read(k), enabled && account != null, null, account);
        }
        if (secret.isBlank()) {
            secret = "";
            if (enabled) {
                ConfigNode where = secretNode.present() ? secretNode : k;
                where.warn(whyEmpty(secretNode) + ": key '" + keyId + "' of provider '" + providerId + "' is disabled");
            }
            enabled = false;
        }
        return new KeyConfig(keyId, secret,
                KEY_LIMIT_REQ_PER_MIN.read(k),
                KEY_LIMIT_TOKENS_PER_MIN.read(k),
                KEY_MAX_CONCURRENT.read(k),
                KEY_WEIGHT.read(k),
                enabled,
                aws(k, secret),
                null);
    }

    /**
     * The key's AWS credential when it names an {@code access_key_id} (its secret is then the
     * secret access key); null otherwise. A session token without an access key id is a problem.
     */
    private static AwsCredentials aws(ConfigNode k, String secret) {
        String accessKeyId = blankToNull(KEY_ACCESS_KEY_ID.read(k));
        String sessionToken = blankToNull(KEY_SESSION_TOKEN.read(k));
        KEY_ACCESS_KEY_ID.node(k).checkHeaderSafe(accessKeyId);
        KEY_SESSION_TOKEN.node(k).checkHeaderSafe(sessionToken);
        if (accessKeyId == null) {
            if (sessionToken != null) {
                KEY_SESSION_TOKEN.node(k).problem("needs access_key_id (a session token belongs to AWS credentials)");
            }
            return null;
        }
        return new AwsCredentials(accessKeyId.trim(), secret, sessionToken);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Why a secret is empty, by the name of its variable when it has one. */
    private static String whyEmpty(ConfigNode secret) {
        if (!secret.present()) {
            return "no secret";
        }
        String missing = secret.missingVariables();
        if (!missing.isEmpty()) {
            return missing;
        }
        return secret.fromEnvironment() ? "'" + secret.raw() + "' is empty" : "the secret is empty";
    }
}
