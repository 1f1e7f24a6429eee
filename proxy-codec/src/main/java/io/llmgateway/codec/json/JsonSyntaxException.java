package io.llmgateway.codec.json;

/**
 * Bytes that {@link JsonTokenizer} cannot accept, with the offset of the byte at fault (or of the
 * end of input, for a document cut short). Thrown once per document; carries no stack trace, so
 * that a client sending garbage costs no more than one sending JSON.
 */
final class JsonSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of fault, so that callers can word each one for their own readers. */
    enum Kind {
        /** A byte that cannot come where it is, or a value beyond a limit. */
        MALFORMED,
        /** The end of input came inside the document. */
        TRUNCATED,
        /** Something other than whitespace after the document's one value. */
        TRAILING_DATA,
        /** A container opened deeper than the tokenizer's depth limit. */
        TOO_DEEP
    }

    private final Kind kind;
    private final String reason;
    private final long offset;

    JsonSyntaxException(Kind kind, String reason, long offset) {
        super(reason + " (at byte offset " + offset + ')', null, false, false);
        this.kind = kind;
        this.reason = reason;
        this.offset = offset;
    }

    Kind kind() {
        return kind;
    }

    /** The fault in a few words, without the offset: "invalid escape '\x'". */
    String reason() {
        return reason;
    }

    /** Offset of the byte at fault, from the first byte of the document; its length if truncated. */
    long offset() {
        return offset;
    }

    static JsonSyntaxException malformed(String reason, long offset) {
        return new JsonSyntaxException(Kind.MALFORMED, reason, offset);
    }

    /** {@code b} as a reader would name it: {@code 'x'} when printable ASCII, else {@code 0x1f}. */
    static String describe(int b) {
        int unsigned = b & 0xFF;
        if (unsigned > 0x20 && unsigned < 0x7F) {
            return "'" + (char) unsigned + "'";
        }
        return String.format("0x%02x", unsigned);
    }
}
