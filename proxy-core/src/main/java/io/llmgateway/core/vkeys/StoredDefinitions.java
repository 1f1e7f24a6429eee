package io.llmgateway.core.vkeys;

import io.llmgateway.core.auth.TeamSpec;
import io.llmgateway.core.auth.VirtualKeySpec;
import java.util.List;

/**
 * The virtual keys and teams created through the admin API, as the store keeps them (the YAML ones
 * come from the config at every start).
 */
public record StoredDefinitions(List<VirtualKeySpec> keys, List<TeamSpec> teams) {

    public static final StoredDefinitions EMPTY = new StoredDefinitions(List.of(), List.of());

    public StoredDefinitions {
        keys = List.copyOf(keys);
        teams = List.copyOf(teams);
    }
}
