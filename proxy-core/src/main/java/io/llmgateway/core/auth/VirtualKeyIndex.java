package io.llmgateway.core.auth;

import java.util.Collection;

/**
 * Virtual keys by the SHA-256 of their key: an immutable open-addressing table over the hash's four
 * longs (linear probing, at most half full). The hash is uniformly random, so its first long picks
 * the slot directly; a hit compares all 256 bits.
 *
 * <p>Hot path: built off the event loop whenever keys change and published whole (a volatile
 * reference in the registry); {@link #find} is a few array reads, no lock, no allocation.
 */
public final class VirtualKeyIndex {

    /** No virtual key. */
    public static final VirtualKeyIndex EMPTY = new VirtualKeyIndex(java.util.List.of());

    private final long[] hashes;
    private final VirtualKeyAccess[] keys;
    private final int mask;
    private final int size;

    /** @param keys every key to find; their hashes are distinct (the registry refuses duplicates) */
    public VirtualKeyIndex(Collection<VirtualKeyAccess> keys) {
        int capacity = Integer.highestOneBit(Math.max(4, keys.size() * 2 - 1)) << 1;
        this.hashes = new long[capacity * 4];
        this.keys = new VirtualKeyAccess[capacity];
        this.mask = capacity - 1;
        this.size = keys.size();
        for (VirtualKeyAccess k : keys) {
            long[] h = KeyHash.longs(k.spec().keyHash());
            int i = (int) h[0] & mask;
            while (this.keys[i] != null) {
                i = (i + 1) & mask;
            }
            this.keys[i] = k;
            System.arraycopy(h, 0, hashes, i * 4, 4);
        }
    }

    /** How many keys it holds (revoked and expired included). */
    public int size() {
        return size;
    }

    /** The key whose hash is {@code h} (four longs, see {@link KeyHash#hash}); null when none. */
    public VirtualKeyAccess find(long[] h) {
        int i = (int) h[0] & mask;
        for (;;) {
            VirtualKeyAccess k = keys[i];
            if (k == null) {
                return null;
            }
            int at = i * 4;
            if (hashes[at] == h[0] && hashes[at + 1] == h[1] && hashes[at + 2] == h[2] && hashes[at + 3] == h[3]) {
                return k;
            }
            i = (i + 1) & mask;
        }
    }
}
