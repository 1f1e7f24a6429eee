package io.llmgateway.adapters.internal;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Arrays;

/** A growable char array reused across stream events (no allocation once warm). Not thread-safe. */
public final class CharBuf implements CharSequence {

    private char[] chars;
    private int length;

    public CharBuf(int capacity) {
        chars = new char[capacity];
    }

    public CharBuf clear() {
        length = 0;
        return this;
    }

    /** Truncates to {@code n} chars. */
    public CharBuf setLength(int n) {
        length = n;
        return this;
    }

    public CharBuf append(char[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, chars, length, len);
        length += len;
        return this;
    }

    /** Appends the text of the parser's current token without creating a String. */
    public CharBuf appendText(JsonParser p) throws IOException {
        return append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    public CharBuf append(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            chars[length++] = s.charAt(i);
        }
        return this;
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
        }
    }

    public char[] array() {
        return chars;
    }

    @Override
    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    @Override
    public char charAt(int index) {
        return chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(chars, start, end - start);
    }

    /** Whether the content equals {@code s}. */
    public boolean contentEquals(String s) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (chars[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
