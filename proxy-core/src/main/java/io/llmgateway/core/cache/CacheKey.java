package io.llmgateway.core.cache;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The SHA-256 of a normalised request ({@link RequestDigest}): what a cached answer is found by.
 * Immutable; equal when the digests are.
 */
public final class CacheKey {

    private final byte[] digest;
    private final int hash;

    CacheKey(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("digest: " + digest.length + " bytes (expected: 32, a SHA-256)");
        }
        this.digest = digest;
        this.hash = (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | digest[3] & 0xff;
    }

    /** The digest in lower-case hex (64 characters), as a remote store's key. */
    public String hex() {
        return HexFormat.of().formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k && hash == k.hash && Arrays.equals(digest, k.digest);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "CacheKey[" + hex() + ']';
    }
}
