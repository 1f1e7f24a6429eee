package io.llmgateway.core.state;

/**
 * A decision about a provider key that every instance honours: an administrator disabled it, it is
 * cooling down (after 429s or failures), or the breaker of one of its deployments is open.
 *
 * @param kind        what was decided
 * @param id          {@code provider/key} for {@link Kind#DISABLED} and {@link Kind#COOLDOWN};
 *                    {@code provider/key/model} for {@link Kind#BREAKER}
 * @param untilMillis when it ends (epoch ms); {@link Long#MAX_VALUE} for {@link Kind#DISABLED}
 * @param reason      why, as logged (never a secret)
 * @param origin      the instance that decided (so that it does not apply its own decision twice)
 */
public record SharedFlag(Kind kind, String id, long untilMillis, String reason, String origin) {

    public enum Kind { DISABLED, COOLDOWN, BREAKER }

    public SharedFlag {
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id: empty (expected: provider/key[/model])");
        }
    }
}
