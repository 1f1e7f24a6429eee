package io.llmgateway.core.admin;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.server.ServerState;

/**
 * What the admin API's parts work on, given to each {@link AdminModule} when the server starts.
 *
 * @param server the running server's state: the config snapshot, the provider keys' state, the
 *               observability (request-log ring, stats)
 */
public record AdminContext(ServerState server) {

    public AdminContext {
        requireNonNull(server, "server");
    }
}
