package io.llmgateway.core.config;

import io.llmgateway.core.auth.TeamSpec;
import io.llmgateway.core.auth.VirtualKeyAuthenticator.RequireKey;
import io.llmgateway.core.auth.VirtualKeySpec;
import java.util.List;

/**
 * {@code auth:} — client authentication by virtual key.
 *
 * @param requireKey  {@code auth.require_key}
 * @param teams       the teams declared in the file ({@code source} {@code config})
 * @param virtualKeys the virtual keys declared in the file, each with the hash of its key only
 *                    ({@code created_at} is the load time: the registry keeps the first one seen)
 */
public record AuthConfig(RequireKey requireKey, List<TeamSpec> teams, List<VirtualKeySpec> virtualKeys) {

    /** No virtual key, no team, {@code require_key: auto}. */
    public static final AuthConfig NONE = new AuthConfig(RequireKey.AUTO, List.of(), List.of());

    public AuthConfig {
        teams = List.copyOf(teams);
        virtualKeys = List.copyOf(virtualKeys);
    }
}
