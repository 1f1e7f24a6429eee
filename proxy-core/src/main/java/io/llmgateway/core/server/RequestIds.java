package io.llmgateway.core.server;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: the client's {@code X-Request-ID} when it is sane, else 32 random hex digits. */
final class RequestIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    static String choose(String fromClient) {
        if (fromClient != null && isSane(fromClient)) {
            return fromClient;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[32];
        long hi = r.nextLong();
        long lo = r.nextLong();
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xf];
            out[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xf];
        }
        return new String(out);
    }

    /** Only characters that are safe in headers and logs; anything else is replaced by a fresh id. */
    private static boolean isSane(String id) {
        int n = id.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
