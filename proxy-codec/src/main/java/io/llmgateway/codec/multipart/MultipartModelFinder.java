package io.llmgateway.codec.multipart;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds the {@code model} field of a {@code multipart/form-data} body as its buffers arrive, so that
 * an upload can be routed while it is still being received and then streamed on: the gateway keeps
 * the bytes up to the field (a bounded prefix) and never the whole body.
 *
 * <pre>
 *   MultipartModelFinder finder = new MultipartModelFinder(MultipartModelFinder.boundary(contentType), 64 * 1024);
 *   for each received buf:
 *       switch (finder.feed(buf)) { case FOUND -> route by finder.model(); case GAVE_UP -> default route; ... }
 *   at the end of the body: finder.end()
 * </pre>
 *
 * <p>It reads parts in order: the delimiters ({@code CRLF--boundary}), each part's headers (at most
 * {@link #MAX_PART_HEADER_BYTES}), and the value of the part named {@code model} (at most
 * {@link #MAX_MODEL_BYTES}); the bytes of other parts are only matched against the delimiter. It
 * gives up ({@link State#GAVE_UP}) once {@code lookahead} bytes have passed without the field (a
 * {@code model} sent after a large file part: the caller then routes by the endpoint's default
 * provider), when the form ends without one, or when the form cannot be read (the upstream, not
 * the gateway, is the judge of a form's validity).
 *
 * <p>Buffers are borrowed: read with absolute gets, never retained, indexes untouched. A body split
 * anywhere, down to single bytes, gives the same answer. Allocation: the small header and value
 * scratch arrays, once. Not thread-safe; one instance per body.
 */
public final class MultipartModelFinder {

    /** The most bytes of one part's header block the finder reads. */
    public static final int MAX_PART_HEADER_BYTES = 4096;
    /** The longest {@code model} value it accepts. */
    public static final int MAX_MODEL_BYTES = 256;

    /** Where the search stands. */
    public enum State {
        /** Still reading: feed more. */
        SEARCHING,
        /** The {@code model} field was read: {@link #model()}, {@link #valueStart()}, {@link #valueEnd()}. */
        FOUND,
        /** No {@code model} within the look-ahead, in the whole form, or a form that cannot be read. */
        GAVE_UP
    }

    private enum Mode { DELIMITER_BODY, AFTER_DELIMITER, HEADERS, VALUE }

    private final byte[] delimiter;
    private final long lookahead;
    private final byte[] headers = new byte[MAX_PART_HEADER_BYTES];
    private final byte[] value;
    private State state = State.SEARCHING;
    private Mode mode = Mode.DELIMITER_BODY;
    /** Bytes of {@link #delimiter} matched so far. */
    private int matched;
    private int afterDelimiter;
    private byte firstAfterDelimiter;
    private int headerLength;
    private int valueLength;
    /** Offset in the body of the next byte fed. */
    private long position;
    private long valueStart = -1;
    private String model;
    private String reason;

    /**
     * @param boundary  the form's boundary ({@link #boundary(String)}); not empty
     * @param lookahead bytes of the body read for the field before giving up; 0 gives up at once
     */
    public MultipartModelFinder(String boundary, long lookahead) {
        requireNonNull(boundary, "boundary");
        if (boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("boundary: '" + boundary + "' (expected: 1 to 70 characters)");
        }
        if (lookahead < 0) {
            throw new IllegalArgumentException("lookahead: " + lookahead + " (expected: >= 0)");
        }
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.lookahead = lookahead;
        this.value = new byte[MAX_MODEL_BYTES + delimiter.length];
        // The first delimiter may open the body without a CRLF before it: as if one had been read.
        this.matched = 2;
        if (lookahead == 0) {
            giveUp("the look-ahead is 0");
        }
    }

    /**
     * The {@code boundary} parameter of a {@code multipart/form-data} content type, unquoted;
     * null when the type is another or has no boundary.
     */
    public static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        String lower = contentType.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("multipart/form-data")) {
            return null;
        }
        int i = lower.indexOf("boundary=");
        if (i < 0) {
            return null;
        }
        String b = contentType.substring(i + 9);
        int semi = b.indexOf(';');
        b = (semi < 0 ? b : b.substring(0, semi)).trim();
        if (b.length() >= 2 && b.charAt(0) == '"' && b.charAt(b.length() - 1) == '"') {
            b = b.substring(1, b.length() - 1);
        }
        return b.isEmpty() || b.length() > 70 ? null : b;
    }

    /** Reads the readable bytes of {@code buf} (borrowed) and says where the search stands. */
    public State feed(ByteBuf buf) {
        int from = buf.readerIndex();
        int to = buf.writerIndex();
        for (int i = from; i < to && state == State.SEARCHING; i++) {
            step(buf.getByte(i));
            position++;
            if (state == State.SEARCHING && position >= lookahead) {
                giveUp("no model field in the first " + lookahead + " bytes");
            }
        }
        return state;
    }

    /** The body is complete: a search still under way gives up. */
    public State end() {
        if (state == State.SEARCHING) {
            giveUp("no model field in the form");
        }
        return state;
    }

    public State state() {
        return state;
    }

    /** The {@code model} value; null unless {@link State#FOUND}. */
    public String model() {
        return model;
    }

    /** Offset of the value's first byte in the body; -1 unless {@link State#FOUND}. */
    public long valueStart() {
        return state == State.FOUND ? valueStart : -1;
    }

    /** Offset just past the value's last byte; -1 unless {@link State#FOUND}. */
    public long valueEnd() {
        return state == State.FOUND ? valueStart + model.getBytes(StandardCharsets.UTF_8).length : -1;
    }

    /** Why the search gave up; null unless {@link State#GAVE_UP}. */
    public String reason() {
        return reason;
    }

    private void step(byte b) {
        switch (mode) {
            case DELIMITER_BODY -> matchDelimiter(b);
            case AFTER_DELIMITER -> afterDelimiter(b);
            case HEADERS -> header(b);
            case VALUE -> value(b);
        }
    }

    /** True when {@code b} completes the delimiter. A CR only opens it, so a mismatch restarts at 0 or 1. */
    private boolean delimiterByte(byte b) {
        if (b == delimiter[matched]) {
            matched++;
            if (matched == delimiter.length) {
                matched = 0;
                return true;
            }
            return false;
        }
        matched = b == '\r' ? 1 : 0;
        return false;
    }

    private void matchDelimiter(byte b) {
        if (delimiterByte(b)) {
            mode = Mode.AFTER_DELIMITER;
            afterDelimiter = 0;
        }
    }

    private void afterDelimiter(byte b) {
        if (afterDelimiter == 0) {
            firstAfterDelimiter = b;
            afterDelimiter = 1;
            return;
        }
        if (firstAfterDelimiter == '-' && b == '-') {
            giveUp("no model field in the form");
        } else if (firstAfterDelimiter == '\r' && b == '\n') {
            mode = Mode.HEADERS;
            headerLength = 0;
        } else {
            giveUp("malformed form: a boundary is not followed by CRLF or --");
        }
    }

    private void header(byte b) {
        if (headerLength == headers.length) {
            giveUp("a part's headers exceed " + MAX_PART_HEADER_BYTES + " bytes");
            return;
        }
        headers[headerLength++] = b;
        if (headerLength == 2 && headers[0] == '\r' && headers[1] == '\n') {
            headerLength = 0; // a part without headers: its content starts here
            partBegins(false);
            return;
        }
        if (headerLength >= 4 && b == '\n' && headers[headerLength - 2] == '\r' && headers[headerLength - 3] == '\n'
                && headers[headerLength - 4] == '\r') {
            partBegins(isModelPart(new String(headers, 0, headerLength, StandardCharsets.UTF_8)));
        }
    }

    private void partBegins(boolean model) {
        matched = 0;
        if (model) {
            mode = Mode.VALUE;
            valueLength = 0;
            valueStart = position + 1;
        } else {
            mode = Mode.DELIMITER_BODY;
        }
    }

    private void value(byte b) {
        if (valueLength == value.length) {
            giveUp("the model field is longer than " + MAX_MODEL_BYTES + " bytes");
            return;
        }
        value[valueLength++] = b;
        if (delimiterByte(b)) {
            int length = valueLength - delimiter.length;
            model = new String(value, 0, length, StandardCharsets.UTF_8);
            state = State.FOUND;
        } else if (valueLength - matched > MAX_MODEL_BYTES) {
            giveUp("the model field is longer than " + MAX_MODEL_BYTES + " bytes");
        }
    }

    /** Whether a part's header block names it {@code model}: {@code Content-Disposition: form-data; name="model"}. */
    static boolean isModelPart(String block) {
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                continue;
            }
            for (String param : line.substring(colon + 1).split(";")) {
                int eq = param.indexOf('=');
                if (eq < 0 || !param.substring(0, eq).trim().equalsIgnoreCase("name")) {
                    continue;
                }
                String name = param.substring(eq + 1).trim();
                if (name.length() >= 2 && name.charAt(0) == '"' && name.charAt(name.length() - 1) == '"') {
                    name = name.substring(1, name.length() - 1);
                }
                return name.equals("model");
            }
        }
        return false;
    }

    private void giveUp(String why) {
        state = State.GAVE_UP;
        reason = why;
    }
}
