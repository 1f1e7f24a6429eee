package io.llmgateway.core.auth;

/**
 * What one request took from a virtual key and its team at admission — a parallel slot and its
 * token estimate — given back exactly once at the end of the exchange with the real token count
 * (like a provider key's lease). After a refusal it holds the retry-after instead.
 *
 * <p>Mutable, confined to the request's event loop; reusable (a benchmark admits and releases
 * through one lease without allocating).
 */
public final class VirtualKeyLease {

    private VirtualKeyAccess key;
    private long keyEpoch;
    private long keyTokens;
    private long teamEpoch;
    private long teamTokens;
    private long retryAfterMs;

    void hold(VirtualKeyAccess key, long keyEpoch, long keyTokens, long teamEpoch, long teamTokens) {
        this.key = key;
        this.keyEpoch = keyEpoch;
        this.keyTokens = keyTokens;
        this.teamEpoch = teamEpoch;
        this.teamTokens = teamTokens;
        this.retryAfterMs = 0;
    }

    void refused(long retryAfterMs) {
        this.key = null;
        this.retryAfterMs = Math.max(0, retryAfterMs);
    }

    /** After a refusal: in how many ms the refusing limit or budget may admit the request. */
    public long retryAfterMs() {
        return retryAfterMs;
    }

    /** Whether the lease holds a slot not yet released. */
    public boolean held() {
        return key != null;
    }

    /**
     * Gives back the slot and settles the tokens reserved against {@code actualTokens} (negative:
     * keep the reservation, the real count being unknown); nothing after the first call.
     */
    public void release(long actualTokens) {
        VirtualKeyAccess k = key;
        if (k == null) {
            return;
        }
        key = null;
        long keyActual = actualTokens < 0 ? keyTokens : actualTokens;
        k.limits().release(keyEpoch, keyTokens, keyActual);
        if (k.shared() != null) {
            k.shared().settle(keyTokens, keyActual);
        }
        TeamAccess team = k.team();
        if (team != null) {
            long teamActual = actualTokens < 0 ? teamTokens : actualTokens;
            team.limits().release(teamEpoch, teamTokens, teamActual);
            if (team.shared() != null) {
                team.shared().settle(teamTokens, teamActual);
            }
        }
    }
}
