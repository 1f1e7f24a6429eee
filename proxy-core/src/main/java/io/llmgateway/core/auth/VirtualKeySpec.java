package io.llmgateway.core.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a virtual key is allowed: its definition, from YAML ({@code auth.virtual_keys}) or the
 * admin API. Immutable; a change makes a new spec. Never holds the key itself, only its hash.
 *
 * @param id          the key's id ({@code vk_...} when created by the API), safe to log
 * @param name        a label; null when none
 * @param keyHash     SHA-256 of the key, lower-case hex ({@link KeyHash})
 * @param teamId      the owner team's id; null when none
 * @param models      the aliases or models it may ask for; empty: all
 * @param rpm         requests per minute; 0 = unlimited
 * @param tpm         tokens per minute; 0 = unlimited
 * @param maxParallel requests in flight; 0 = unlimited
 * @param budget      its spending ceiling; null when none
 * @param expiresAt   when it stops working; null: never
 * @param metadata    free labels for the operator
 * @param createdAt   when it was created (for a YAML key: when the gateway first saw it)
 * @param revoked     whether it was revoked (it then answers 401)
 * @param source      {@code config} or {@code api}
 */
public record VirtualKeySpec(String id, String name, String keyHash, String teamId, List<String> models, long rpm,
        long tpm, int maxParallel, Budget budget, Instant expiresAt, Map<String, String> metadata, Instant createdAt,
        boolean revoked, String source) {

    /** What an id of a key or team may be: it appears in URLs, logs and the request log. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static final String CONFIG = "config";
    public static final String API = "api";

    public VirtualKeySpec {
        requireNonNull(id, "id");
        requireNonNull(keyHash, "keyHash");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(source, "source");
        models = List.copyOf(models);
        metadata = Map.copyOf(metadata);
        if (rpm < 0 || tpm < 0 || maxParallel < 0) {
            throw new IllegalArgumentException("rpm: " + rpm + ", tpm: " + tpm + ", max_parallel: " + maxParallel
                    + " (expected: >= 0)");
        }
    }

    /** An ISO-8601 instant, or a date (its start, UTC), as {@code expires_at} is written; null when it is neither. */
    public static Instant parseInstant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text.trim()).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** The same key, revoked. */
    public VirtualKeySpec revoke() {
        return new VirtualKeySpec(id, name, keyHash, teamId, models, rpm, tpm, maxParallel, budget, expiresAt,
                metadata, createdAt, true, source);
    }
}
