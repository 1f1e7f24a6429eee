package io.llmgateway.adapters.internal;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * What an OpenAI-shaped event's bytes show of a {@code "choices"} array — none, an empty one, or
 * one with elements — without parsing it: the event is copied with one bulk copy into the loop's
 * scratch array ({@link StreamScratch#copy}), where its quotes are found eight bytes at a time
 * ({@link ByteScan}) and only they are compared further; reading the buffer byte by byte would pay
 * a bounds and reference-count check per byte. Stateless.
 */
final class ChoicesFinder {

    static final int NO_CHOICES = 0;
    static final int EMPTY_CHOICES = 1;
    static final int NON_EMPTY_CHOICES = 2;

    private static final byte[] KEY = "\"choices\"".getBytes(StandardCharsets.US_ASCII);

    private ChoicesFinder() {
    }

    /** One of {@link #NO_CHOICES}, {@link #EMPTY_CHOICES}, {@link #NON_EMPTY_CHOICES}. {@code event} is borrowed. */
    static int find(ByteBuf event) {
        int end = event.readableBytes();
        byte[] a = StreamScratch.get().copy(event);
        int from = 0;
        while (true) {
            int at = ByteScan.quote(a, from, end - KEY.length + 1);
            if (at > end - KEY.length) {
                return NO_CHOICES;
            }
            int k = 1;
            while (k < KEY.length && a[at + k] == KEY[k]) {
                k++;
            }
            if (k == KEY.length) {
                int i = skipWs(a, at + KEY.length, end);
                if (i < end && a[i] == ':') {
                    i = skipWs(a, i + 1, end);
                    if (i < end && a[i] == '[') {
                        i = skipWs(a, i + 1, end);
                        return i < end && a[i] == ']' ? EMPTY_CHOICES : NON_EMPTY_CHOICES;
                    }
                }
            }
            from = at + 1;
        }
    }

    private static int skipWs(byte[] a, int i, int end) {
        while (i < end && (a[i] == ' ' || a[i] == '\t' || a[i] == '\n' || a[i] == '\r')) {
            i++;
        }
        return i;
    }
}
