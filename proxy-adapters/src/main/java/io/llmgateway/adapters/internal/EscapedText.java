package io.llmgateway.adapters.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.Arrays;

/**
 * A text kept as the escaped content of a JSON string (UTF-8 bytes, no quotes), grown by the
 * deltas of a stream and written whole when the stream repeats it ({@code .done} events, a final
 * object): the deltas are copied as the provider escaped them, never decoded. Concatenating escaped
 * fragments gives the escaped concatenation, since an escape never spans two JSON strings. A
 * growable array; belongs to one translator, hence to one event loop.
 */
public final class EscapedText {

    private byte[] bytes;
    private int length;

    public EscapedText(int capacity) {
        bytes = new byte[capacity];
    }

    /** Appends escaped content. */
    public EscapedText append(byte[] src, int from, int to) {
        int n = to - from;
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        System.arraycopy(src, from, bytes, length, n);
        length += n;
        return this;
    }

    /** Appends {@code text}, escaped as the loop's jackson generator escapes it (for whole bodies, not per event). */
    public EscapedText append(String text, StreamScratch s) throws IOException {
        ByteBuf quoted = Unpooled.buffer(text.length() + 16);
        try {
            s.writeString(quoted, text);
            return append(quoted.array(), quoted.arrayOffset() + 1, quoted.arrayOffset() + quoted.writerIndex() - 1);
        } finally {
            quoted.release();
        }
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public int length() {
        return length;
    }

    /** Writes the text as a JSON string literal. */
    public void writeString(ByteBuf out) {
        JsonText.writeString(out, bytes, 0, length);
    }
}
