package io.llmgateway.core.secrets;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Recognises one credential in every form a JSON text or an HTTP header value can carry it: as is,
 * JSON-escaped (any character, {@code \/} or {@code \}{@code uXXXX}, mixed), percent-encoded, in
 * base64 (standard or URL alphabet) at any offset — so {@code base64(user:secret)} of basic auth
 * and {@code base64(secret:)} match — and in any nesting of the escapes (an escaped string inside
 * an escaped string, a percent-encoded JSON escape).
 *
 * <pre>
 *   SecretMatcher m = SecretMatcher.of(key.secret());   // once per key and config snapshot
 *   if (m.foundIn(errorBody)) { ...withhold... }         // error paths: decodes into a scratch copy
 *   if (m.foundIn(headerValue)) { ...drop... }           // hot path: one length check for short values
 * </pre>
 *
 * <p>A secret shorter than {@value #MIN_LENGTH} characters is not searched (it would match too
 * much by chance): {@link #searched()} is false and nothing is ever found.
 *
 * <p>Cost: {@link #foundIn(CharSequence)} answers a text shorter than the shortest form of the
 * secret with one comparison, and searches a longer one in place without allocating unless it
 * holds an escape ({@code \} or {@code %}). {@link #foundIn(ByteBuf)} copies the bytes once and
 * decodes them in that copy, round after round (at most {@value #MAX_ROUNDS}); meant for error
 * bodies and error events, never for every event of a stream. Immutable and thread-safe;
 * {@link #toString()} never shows the secret.
 */
public final class SecretMatcher {

    /** Secrets shorter than this are not searched. */
    public static final int MIN_LENGTH = 8;
    /** Decoding rounds: enough for a percent-encoded JSON escape inside an escaped JSON string. */
    private static final int MAX_ROUNDS = 4;
    private static final SecretMatcher NONE = new SecretMatcher(List.of(), null, Integer.MAX_VALUE);

    /** The secret's UTF-8 bytes, then its base64 cores. */
    private final byte[][] forms;
    /**
     * The same as text, one char per byte (how header values hold octets), and the secret's own
     * chars when it is not plain ASCII (how a Java message holds it).
     */
    private final String[] textForms;
    /** No text shorter than this can hold a form. */
    private final int minLength;

    private SecretMatcher(List<byte[]> forms, String wideForm, int minLength) {
        this.forms = forms.toArray(new byte[0][]);
        List<String> text = new ArrayList<>(forms.size() + 1);
        for (byte[] f : forms) {
            text.add(new String(f, StandardCharsets.ISO_8859_1));
        }
        if (wideForm != null) {
            text.add(wideForm);
        }
        this.textForms = text.toArray(new String[0]);
        this.minLength = minLength;
    }

    private SecretMatcher(byte[][] forms, String[] textForms, int minLength) {
        this.forms = forms;
        this.textForms = textForms;
        this.minLength = minLength;
    }

    /**
     * The matcher that finds what any of {@code matchers} finds: for a deployment with several
     * credentials (an AWS session token beside the secret key, an access token and the one it
     * replaced). Built off the hot path; searching it costs what searching each would.
     */
    public static SecretMatcher anyOf(SecretMatcher... matchers) {
        List<byte[]> forms = new ArrayList<>();
        List<String> textForms = new ArrayList<>();
        int minLength = Integer.MAX_VALUE;
        for (SecretMatcher m : matchers) {
            requireNonNull(m, "matchers[]");
            forms.addAll(Arrays.asList(m.forms));
            textForms.addAll(Arrays.asList(m.textForms));
            minLength = Math.min(minLength, m.minLength);
        }
        if (forms.isEmpty()) {
            return NONE;
        }
        return new SecretMatcher(forms.toArray(new byte[0][]), textForms.toArray(new String[0]), minLength);
    }

    /** The matcher of {@code secret}; one that finds nothing when it is shorter than {@value #MIN_LENGTH}. */
    public static SecretMatcher of(String secret) {
        requireNonNull(secret, "secret");
        if (secret.length() < MIN_LENGTH) {
            return NONE;
        }
        byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
        List<byte[]> forms = new ArrayList<>(7);
        forms.add(raw);
        int minLength = secret.length();
        for (int offset = 0; offset < 3; offset++) {
            byte[] core = base64Core(raw, offset);
            minLength = Math.min(minLength, core.length);
            addDistinct(forms, core);
            addDistinct(forms, toUrlAlphabet(core));
        }
        boolean ascii = raw.length == secret.length();
        return new SecretMatcher(forms, ascii ? null : secret, minLength);
    }

    /**
     * The base64 characters that depend on the secret's bytes only, when it is encoded after
     * {@code offset} (0-2) other bytes: the same whatever those bytes and whatever follows.
     */
    private static byte[] base64Core(byte[] raw, int offset) {
        byte[] shifted = new byte[offset + raw.length];
        System.arraycopy(raw, 0, shifted, offset, raw.length);
        byte[] encoded = Base64.getEncoder().encode(shifted);
        int first = (8 * offset + 5) / 6;                  // the first character whose 6 bits are all the secret's
        int last = (8 * (offset + raw.length) - 6) / 6;    // the last such character
        byte[] core = new byte[last - first + 1];
        System.arraycopy(encoded, first, core, 0, core.length);
        return core;
    }

    private static byte[] toUrlAlphabet(byte[] standard) {
        byte[] url = standard.clone();
        for (int i = 0; i < url.length; i++) {
            if (url[i] == '+') {
                url[i] = '-';
            } else if (url[i] == '/') {
                url[i] = '_';
            }
        }
        return url;
    }

    private static void addDistinct(List<byte[]> forms, byte[] form) {
        for (byte[] f : forms) {
            if (Arrays.equals(f, form)) {
                return;
            }
        }
        forms.add(form);
    }

    /** The matcher that finds nothing: for a credential-free direction or a keyless host. */
    public static SecretMatcher none() {
        return NONE;
    }

    /** Whether this matcher searches at all (false for a secret under {@value #MIN_LENGTH} characters). */
    public boolean searched() {
        return forms.length > 0;
    }

    /**
     * Whether {@code text} holds the secret in any form. Header values are octets: a char is
     * compared as the byte it stands for (the decoder's ISO-8859-1 view); other text as its chars.
     */
    public boolean foundIn(CharSequence text) {
        if (text.length() < minLength) {
            return false;
        }
        boolean escaped;
        if (text instanceof String s) { // the common case: String.indexOf is intrinsic
            for (String form : textForms) {
                if (s.indexOf(form) >= 0) {
                    return true;
                }
            }
            escaped = s.indexOf('\\') >= 0 || s.indexOf('%') >= 0;
        } else {
            for (String form : textForms) {
                if (indexOf(text, form) >= 0) {
                    return true;
                }
            }
            escaped = hasEscape(text);
        }
        if (!escaped) {
            return false;
        }
        byte[] bytes = bytes(text);
        return foundInDecoded(bytes, bytes.length);
    }

    /** Whether the readable bytes of {@code buf} (any composite) hold the secret in any form. */
    public boolean foundIn(ByteBuf buf) {
        int length = buf.readableBytes();
        if (length < minLength) {
            return false;
        }
        byte[] scratch = new byte[length];
        buf.getBytes(buf.readerIndex(), scratch);
        for (byte[] form : forms) {
            if (indexOf(scratch, length, form) >= 0) {
                return true;
            }
        }
        return foundInDecoded(scratch, length);
    }

    /** Decodes {@code bytes} in place, round after round, searching after each; false once nothing decodes. */
    private boolean foundInDecoded(byte[] bytes, int length) {
        int n = length;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int decoded = EscapeDecoder.decodeInPlace(bytes, n);
            if (decoded == n || decoded < minLength) {
                return false; // nothing changed (or too little is left): no further round can differ
            }
            n = decoded;
            for (byte[] form : forms) {
                if (indexOf(bytes, n, form) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasEscape(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '%') {
                return true;
            }
        }
        return false;
    }

    /** The bytes of {@code text}: one per char when every char fits in one (header octets), else UTF-8. */
    private static byte[] bytes(CharSequence text) {
        byte[] b = new byte[text.length()];
        for (int i = 0; i < b.length; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                return text.toString().getBytes(StandardCharsets.UTF_8);
            }
            b[i] = (byte) c;
        }
        return b;
    }

    private static int indexOf(byte[] hay, int length, byte[] needle) {
        byte first = needle[0];
        int max = length - needle.length;
        outer:
        for (int i = 0; i <= max; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int indexOf(CharSequence hay, String needle) {
        int max = hay.length() - needle.length();
        outer:
        for (int i = 0; i <= max; i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (hay.charAt(i + j) != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return searched() ? "SecretMatcher[" + forms.length + " forms]" : "SecretMatcher[not searched]";
    }
}
