package io.llmgateway.core.admin;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.reload.ConfigControl;
import io.llmgateway.core.server.ServerState;

/**
 * What the admin API's parts work on, given to each {@link AdminModule} when the server starts.
 *
 * @param server the running server's state: the config snapshot, the provider keys' state, the
 *               observability (request-log ring, stats)
 * @param config the one path by which a configuration becomes the running one; null when the
 *               server was started on a bare {@link io.llmgateway.core.config.GatewayConfig} (tests),
 *               and then the config routes are absent
 */
public record AdminContext(ServerState server, ConfigControl config) {

    public AdminContext {
        requireNonNull(server, "server");
    }
}
