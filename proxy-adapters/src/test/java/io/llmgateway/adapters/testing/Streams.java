package io.llmgateway.adapters.testing;

import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.TranslationException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Feeds SSE fixtures to translators the way the core does: one complete event at a time. */
public final class Streams {

    private Streams() {
    }

    /** Splits a stream text into complete events, each ending with its blank line. */
    public static List<String> events(String stream) {
        String s = stream.replace("\r\n", "\n");
        List<String> events = new ArrayList<>();
        int from = 0;
        while (from < s.length()) {
            int end = s.indexOf("\n\n", from);
            if (end < 0) {
                String rest = s.substring(from);
                if (!rest.isBlank()) {
                    events.add(rest + "\n\n");
                }
                break;
            }
            events.add(s.substring(from, end + 2));
            from = end + 2;
            while (from < s.length() && s.charAt(from) == '\n') {
                from++;
            }
        }
        return events;
    }

    /** The result of translating a whole stream. */
    public record Result(String text, StreamEnd end) {

        public boolean complete() {
            return end == StreamEnd.COMPLETE;
        }
    }

    /** Translates every event, then the end of the stream, releasing every buffer. */
    public static Result translate(ResponseTranslator t, List<String> events) throws TranslationException {
        StringBuilder sb = new StringBuilder();
        List<ByteBuf> out = new ArrayList<>();
        for (String e : events) {
            ByteBuf in = TestRequests.buf(e);
            try {
                t.translateEvent(in, TestRequests.ALLOC, out);
            } finally {
                in.release();
            }
            drainTo(out, sb);
        }
        StreamEnd end = t.endOfStream(TestRequests.ALLOC, out);
        drainTo(out, sb);
        return new Result(sb.toString(), end);
    }

    /** Translates events given as buffers (released here), then the end of the stream. */
    public static Result translateBuffers(ResponseTranslator t, List<ByteBuf> events) throws TranslationException {
        StringBuilder sb = new StringBuilder();
        List<ByteBuf> out = new ArrayList<>();
        try {
            for (ByteBuf e : events) {
                t.translateEvent(e, TestRequests.ALLOC, out);
                drainTo(out, sb);
            }
        } finally {
            for (ByteBuf e : events) {
                e.release();
            }
        }
        StreamEnd end = t.endOfStream(TestRequests.ALLOC, out);
        drainTo(out, sb);
        return new Result(sb.toString(), end);
    }

    private static void drainTo(List<ByteBuf> out, StringBuilder sb) {
        for (ByteBuf b : out) {
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        out.clear();
    }
}
