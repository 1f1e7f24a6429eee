package io.llmgateway.core.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * A team: a group of virtual keys whose limits and budget apply across all of them, on top of each
 * key's own. From YAML ({@code auth.teams}) or the admin API; immutable.
 *
 * @param id          the team's id, chosen by the operator
 * @param name        a label; null when none
 * @param rpm         requests per minute of all its keys together; 0 = unlimited
 * @param tpm         tokens per minute of all its keys together; 0 = unlimited
 * @param maxParallel requests in flight of all its keys together; 0 = unlimited
 * @param budget      the spending ceiling of all its keys together; null when none
 * @param metadata    free labels for the operator
 * @param createdAt   when it was created
 * @param source      {@code config} or {@code api}
 */
public record TeamSpec(String id, String name, long rpm, long tpm, int maxParallel, Budget budget,
        Map<String, String> metadata, Instant createdAt, String source) {

    public TeamSpec {
        requireNonNull(id, "id");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(source, "source");
        metadata = Map.copyOf(metadata);
        if (rpm < 0 || tpm < 0 || maxParallel < 0) {
            throw new IllegalArgumentException("rpm: " + rpm + ", tpm: " + tpm + ", max_parallel: " + maxParallel
                    + " (expected: >= 0)");
        }
    }
}
