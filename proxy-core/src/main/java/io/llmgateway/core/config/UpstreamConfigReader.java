package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code upstream:} into an {@link UpstreamConfig}. */
final class UpstreamConfigReader {

    private UpstreamConfigReader() {
    }

    static UpstreamConfig read(ConfigNode root) {
        ConfigNode n = UPSTREAM.open(root);
        ConfigNode pool = UPSTREAM_POOL.open(n);
        ConfigNode tls = UPSTREAM_TLS.open(n);
        String caFile = UPSTREAM_TLS_CA_FILE.read(tls);
        if (!caFile.isEmpty() && !Files.isReadable(Path.of(caFile))) {
            ConfigNode caNode = UPSTREAM_TLS_CA_FILE.node(tls);
            caNode.problem("cannot read file " + caNode.quote(caFile));
        }
        return new UpstreamConfig(
                UPSTREAM_CONNECT_TIMEOUT_MS.read(n),
                UPSTREAM_FIRST_BYTE_TIMEOUT_MS.read(n),
                UPSTREAM_IDLE_TIMEOUT_MS.read(n),
                UPSTREAM_TOTAL_TIMEOUT_MS.read(n),
                UPSTREAM_MAX_RESPONSE_BYTES.read(n),
                UPSTREAM_MAX_EVENT_BYTES.read(n),
                UPSTREAM_POOL_MAX_IDLE_PER_ORIGIN.read(pool),
                UPSTREAM_POOL_IDLE_TIMEOUT_MS.read(pool),
                UPSTREAM_TLS_PROVIDER.read(tls),
                caFile.isEmpty() ? null : caFile);
    }
}
