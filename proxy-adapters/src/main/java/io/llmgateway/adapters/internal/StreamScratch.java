package io.llmgateway.adapters.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Per-thread parser, generator and buffers for translating stream events, so that a translator
 * holds only its own small state and 10k open streams do not hold 10k parser buffers.
 *
 * <p>Thread confinement: one instance per thread (a {@link FastThreadLocal}, cheap on Netty event
 * loops). A translator borrows it for the duration of one {@code translateEvent} call and never
 * keeps a reference; calls on one thread never interleave, so no synchronisation is needed.
 *
 * <p>The parser is jackson's non-blocking parser, fed each event's {@code data} as one complete
 * root-level JSON value; it is reused across events and discarded after any error, since a
 * malformed document would leave it mid-value. The generator writes root-level values (no
 * separator) into whichever buffer {@link #generator} targets.
 */
public final class StreamScratch {

    private static final FastThreadLocal<StreamScratch> LOCAL = new FastThreadLocal<>() {
        @Override
        protected StreamScratch initialValue() {
            return new StreamScratch();
        }
    };

    private byte[] input = new byte[4096];
    private JsonParser parser;
    private ByteArrayFeeder feeder;
    private final ByteBufSink sink = new ByteBufSink();
    private final JsonCursor cursor = new JsonCursor();
    private JsonGenerator generator;

    /** Scratch text buffers, cleared by whoever uses them. */
    public final CharBuf text = new CharBuf(512);
    public final CharBuf text2 = new CharBuf(256);

    private StreamScratch() {
    }

    public static StreamScratch get() {
        return LOCAL.get();
    }

    /**
     * A parser positioned before the first token of one complete SSE event's data, or null when the
     * event has no {@code data:} line (a comment or heartbeat). The data lines are copied straight
     * into the per-thread input array (several lines joined with {@code \n}, WHATWG rules: lines end
     * in {@code \n}, {@code \r\n} or {@code \r}, one optional space after the colon), so no slice
     * is allocated. {@code event} is borrowed.
     */
    public JsonParser parseEvent(ByteBuf event) throws IOException {
        int n = copyData(event);
        return n < 0 ? null : feed(n);
    }

    /**
     * A {@link JsonCursor} on one complete SSE event's data (copied as {@link #parseEvent} copies
     * it), or null when the event has no {@code data:} line. {@code event} is borrowed.
     */
    public JsonCursor cursorEvent(ByteBuf event) {
        int n = copyData(event);
        return n < 0 ? null : cursor.reset(input, 0, n);
    }

    /**
     * The scratch input array holding a copy of {@code event}'s readable bytes from index 0 (one
     * bulk copy): valid until the next use of this scratch. {@code event} is borrowed.
     */
    byte[] copy(ByteBuf event) {
        int n = event.readableBytes();
        ensureInput(n);
        event.getBytes(event.readerIndex(), input, 0, n);
        return input;
    }

    // Copies the event into input with one bulk copy, then joins its data lines' values in place
    // (a value never starts before the place it moves to); their length, or -1 when it has none.
    private int copyData(ByteBuf event) {
        int end = event.readableBytes();
        ensureInput(end);
        byte[] in = input;
        event.getBytes(event.readerIndex(), in, 0, end);
        int i = 0;
        int n = 0;
        boolean found = false;
        while (i < end) {
            int lineEnd = ByteScan.lineEnd(in, i, end);
            // "\r\n" ends a line as one; a lone CR ends it too (the rest is the next line).
            int next = lineEnd + (lineEnd + 1 < end && in[lineEnd] == '\r' && in[lineEnd + 1] == '\n' ? 2 : 1);
            int len = lineEnd - i;
            if (len >= 4 && in[i] == 'd' && in[i + 1] == 'a' && in[i + 2] == 't' && in[i + 3] == 'a'
                    && (len == 4 || in[i + 4] == ':')) {
                int v = Math.min(i + 5, lineEnd);
                if (v < lineEnd && in[v] == ' ') {
                    v++;
                }
                if (found) {
                    in[n++] = '\n';
                }
                System.arraycopy(in, v, in, n, lineEnd - v);
                n += lineEnd - v;
                found = true;
            }
            i = next;
        }
        return found ? n : -1;
    }

    private void ensureInput(int size) {
        if (input.length < size) {
            input = new byte[Math.max(size, input.length * 2)]; // every use overwrites it from the start
        }
    }

    private JsonParser feed(int n) throws IOException {
        if (parser == null) {
            parser = Json.FACTORY.createNonBlockingByteArrayParser();
            feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        }
        feeder.feedInput(input, 0, n);
        return parser;
    }

    /**
     * A parser positioned before the first token of {@code data}'s readable bytes (copied, so
     * {@code data} may be released at once). Read it with {@link #next} and end with {@link #finish}.
     */
    public JsonParser parse(ByteBuf data) throws IOException {
        int n = data.readableBytes();
        if (input.length < n) {
            input = new byte[Math.max(n, input.length * 2)];
        }
        data.getBytes(data.readerIndex(), input, 0, n);
        return feed(n);
    }

    /** The next token; a document that ends early is an error (events hold complete JSON). */
    public static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.NOT_AVAILABLE || t == null) {
            throw new IOException("truncated JSON in stream event");
        }
        return t;
    }

    /**
     * Begins the walk over an object's fields:
     *
     * <pre>
     *   if (StreamScratch.enterObject(p, v)) {
     *       String name;
     *       while ((name = StreamScratch.nextField(p)) != null) {
     *           ... the parser is on the field's value (p.currentToken()); read it, or StreamScratch.skip(p)
     *       }
     *   }
     * </pre>
     *
     * Whether the value at the parser ({@code v}, its current token) is an object to walk; any
     * other value is skipped.
     */
    public static boolean enterObject(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            skip(p);
            return false;
        }
        return true;
    }

    /**
     * The name of the next field of the object being walked, the parser moved onto its value; null
     * at the end of the object. See {@link #enterObject}.
     */
    public static String nextField(JsonParser p) throws IOException {
        if (next(p) != JsonToken.FIELD_NAME) {
            return null;
        }
        String name = p.currentName();
        next(p);
        return name;
    }

    /** Skips the value at the current token (object, array or scalar). */
    public static void skip(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken n = next(p);
            if (n == JsonToken.START_OBJECT || n == JsonToken.START_ARRAY) {
                depth++;
            } else if (n == JsonToken.END_OBJECT || n == JsonToken.END_ARRAY) {
                depth--;
            }
        }
    }

    /** Consumes what follows the root value (padding whitespace); anything else is an error. */
    public void finish(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.NOT_AVAILABLE) {
            throw new IOException("more than one JSON value in a stream event");
        }
    }

    /** Drops the parser after a failure; the next event gets a fresh one. */
    public void discardParser() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // Nothing to release: the parser reads from our own array.
            }
            parser = null;
            feeder = null;
        }
    }

    /**
     * The generator, now writing to {@code target}. Write whole root-level values, then call
     * {@link #flush()} before touching {@code target} directly.
     */
    public JsonGenerator generator(ByteBuf target) throws IOException {
        if (generator == null) {
            generator = Json.FACTORY.createGenerator(sink);
            generator.setRootValueSeparator(null);
        }
        sink.target = target;
        return generator;
    }

    /** Flushes the generator into its target buffer. */
    public void flush() throws IOException {
        generator.flush();
    }

    /** Drops the generator after a failure (it may hold half a value). */
    public void discardGenerator() {
        generator = null;
        sink.target = null;
    }

    /** Writes one JSON string literal (escaped) into {@code out}. */
    public void writeString(ByteBuf out, char[] chars, int off, int len) throws IOException {
        JsonGenerator g = generator(out);
        g.writeString(chars, off, len);
        g.flush();
    }

    /** Writes one JSON string literal (escaped) into {@code out}. */
    public void writeString(ByteBuf out, String s) throws IOException {
        JsonGenerator g = generator(out);
        g.writeString(s);
        g.flush();
    }

    private static final class ByteBufSink extends OutputStream {
        ByteBuf target;

        @Override
        public void write(int b) {
            target.writeByte(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.writeBytes(b, off, len);
        }
    }
}
