package io.llmgateway.codec.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * Finds the top-level {@code usage} object of an OpenAI response: a non-stream body, or the
 * {@code data:} payload of the stream's usage chunk. Reads {@code prompt_tokens},
 * {@code completion_tokens}, {@code total_tokens}, {@code prompt_tokens_details.cached_tokens} (cache
 * reads) and {@code prompt_tokens_details.cache_write_tokens} (cache writes, in the newest OpenAI
 * spec and in the gateway's own translated answers); everything else is only tokenized.
 *
 * <pre>{@code
 * Usage usage = UsageScanner.scan(payload);      // one complete document
 *
 * UsageScanner scanner = new UsageScanner();     // or a body relayed chunk by chunk
 * scanner.feed(content);                         // per chunk, before it is written on
 * Usage usage = scanner.finish();
 * scanner.close();
 * }</pre>
 *
 * <p>Upstream bytes are not the gateway's to judge: malformed or truncated JSON, a top level that
 * is not an object, or a missing or {@code null} {@code usage} all yield {@code null}, never an
 * exception. Counts that are absent, not integers or negative are 0; a missing
 * {@code total_tokens} is the sum of the other two. Whatever follows the top-level object is
 * ignored (parsing stops there).
 *
 * <p>Hot path, on the event loop: no lock, no blocking; allocates one jackson parser (buffers from
 * jackson's per-thread pool), one {@code ByteBuffer} view per fed buffer and the result. Not
 * thread-safe: one response, one event loop.
 */
public final class UsageScanner implements AutoCloseable {

    private static final int MAX_NESTING_DEPTH = RequestFieldScanner.MAX_NESTING_DEPTH;

    /** Thrown by the token handler to stop parsing; carries nothing, so one instance serves all. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        private static final Stop INSTANCE = new Stop();

        private Stop() {
            super(null, null, false, false);
        }
    }

    private enum Count { PROMPT, COMPLETION, TOTAL, PROMPT_DETAILS, CACHED, CACHE_WRITE, OTHER }

    private final AsyncJsonInput.TokenHandler<Stop> handler = this::onToken;
    private AsyncJsonInput input = new AsyncJsonInput();

    private int depth;
    private boolean rootClosed;
    private boolean broken;
    private boolean atUsage;
    private boolean inUsage;
    private boolean inPromptDetails;
    private Count count = Count.OTHER;

    private boolean found;
    private long prompt;
    private long completion;
    private long total;
    private long cached;
    private long cacheWrite;

    public UsageScanner() {
    }

    /** The usage of one complete JSON document (indexes untouched, not released), or null. */
    public static Usage scan(ByteBuf json) {
        requireNonNull(json, "json");
        try (UsageScanner scanner = new UsageScanner()) {
            scanner.feed(json);
            return scanner.finish();
        }
    }

    /**
     * Reads a {@code usage} object itself ({@code {"prompt_tokens":..}}, not a document holding
     * one) from {@code length} bytes of {@code json}: the counts as {@link #scan} reads them, or
     * null when those bytes are not one well-formed object. For a caller that has already located
     * the object, e.g. at the tail of a relayed body.
     */
    public static Usage readUsageObject(byte[] json, int offset, int length) {
        requireNonNull(json, "json");
        Usage plain = PlainUsageReader.read(json, offset, length);
        if (plain != PlainUsageReader.UNSURE) {
            return plain;
        }
        try (JsonParser p = AsyncJsonInput.arrayParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            long prompt = 0;
            long completion = 0;
            long total = -1;
            long cached = 0;
            long cacheWrite = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_NUMBER_INT) {
                    long v = countValue(p);
                    switch (v < 0 ? "" : name) {
                        case "prompt_tokens" -> prompt = v;
                        case "completion_tokens" -> completion = v;
                        case "total_tokens" -> total = v;
                        default -> { }
                    }
                } else if (value == JsonToken.START_OBJECT && "prompt_tokens_details".equals(name)) {
                    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String detail = p.currentName();
                        if (p.nextToken() == JsonToken.VALUE_NUMBER_INT && countValue(p) >= 0
                                && ("cached_tokens".equals(detail) || "cache_write_tokens".equals(detail))) {
                            if ("cached_tokens".equals(detail)) {
                                cached = countValue(p);
                            } else {
                                cacheWrite = countValue(p);
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return new Usage(prompt, completion, total >= 0 ? total : prompt + completion, cached, cacheWrite);
        } catch (IOException e) {
            return null;
        }
    }

    /** An integer count; -1 (ignored) when it does not fit a long or is negative, as {@link #count} treats it. */
    private static long countValue(JsonParser p) throws IOException {
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            return -1;
        }
        return Math.max(-1, p.getLongValue());
    }

    /**
     * Consumes all readable bytes of {@code content}; its reader index is untouched, the caller
     * keeps ownership and the scanner keeps no reference to it. Never throws on bad content.
     */
    public void feed(ByteBuf content) {
        requireNonNull(content, "content");
        if (input == null || rootClosed || broken) {
            return;
        }
        try {
            input.feed(content, handler);
        } catch (Stop stop) {
            close();
        } catch (IOException e) {
            broken = true;
            close();
        }
    }

    /** Ends the document: the usage found, or null (none, null, or malformed document). */
    public Usage finish() {
        if (!rootClosed && !broken && input != null) {
            try {
                input.end(handler);
            } catch (Stop stop) {
                // The root closed: complete.
            } catch (IOException e) {
                broken = true;
            }
            close();
        }
        if (broken || !rootClosed || !found) {
            return null;
        }
        return new Usage(prompt, completion, total >= 0 ? total : prompt + completion, cached, cacheWrite);
    }

    /** Releases the parser. Idempotent. */
    @Override
    public void close() {
        AsyncJsonInput in = input;
        if (in != null) {
            input = null;
            in.close();
        }
    }

    private void onToken(JsonToken token, JsonParser parser) throws IOException, Stop {
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                if (depth == 0 && token != JsonToken.START_OBJECT) {
                    broken = true;
                    throw Stop.INSTANCE;
                }
                if (depth == 1 && atUsage) {
                    startUsage(token == JsonToken.START_OBJECT);
                } else if (depth == 2 && inUsage && count == Count.PROMPT_DETAILS) {
                    inPromptDetails = token == JsonToken.START_OBJECT;
                }
                if (++depth > MAX_NESTING_DEPTH) {
                    broken = true;
                    throw Stop.INSTANCE;
                }
            }
            case END_OBJECT, END_ARRAY -> {
                depth--;
                if (depth == 0) {
                    rootClosed = true;
                    throw Stop.INSTANCE;
                }
                if (depth == 1) {
                    inUsage = false;
                } else if (depth == 2) {
                    inPromptDetails = false;
                }
            }
            case FIELD_NAME -> {
                if (depth == 1) {
                    atUsage = "usage".equals(parser.currentName());
                } else if (depth == 2 && inUsage) {
                    count = switch (parser.currentName()) {
                        case "prompt_tokens" -> Count.PROMPT;
                        case "completion_tokens" -> Count.COMPLETION;
                        case "total_tokens" -> Count.TOTAL;
                        case "prompt_tokens_details" -> Count.PROMPT_DETAILS;
                        default -> Count.OTHER;
                    };
                } else if (depth == 3 && inPromptDetails) {
                    count = switch (parser.currentName()) {
                        case "cached_tokens" -> Count.CACHED;
                        case "cache_write_tokens" -> Count.CACHE_WRITE;
                        default -> Count.OTHER;
                    };
                }
            }
            default -> {
                if (depth == 0) {
                    broken = true;
                    throw Stop.INSTANCE;
                }
                if (depth == 1 && atUsage) {
                    startUsage(false);
                } else if ((depth == 2 && inUsage || depth == 3 && inPromptDetails)
                        && token == JsonToken.VALUE_NUMBER_INT) {
                    count(parser);
                }
            }
        }
    }

    // A (new) top-level usage value: the last one counts, as in most JSON parsers.
    private void startUsage(boolean isObject) {
        found = isObject;
        inUsage = isObject;
        prompt = 0;
        completion = 0;
        total = -1;
        cached = 0;
        cacheWrite = 0;
        count = Count.OTHER;
    }

    private void count(JsonParser parser) throws IOException {
        JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            return;
        }
        long value = parser.getLongValue();
        if (value < 0) {
            return;
        }
        switch (count) {
            case PROMPT -> prompt = value;
            case COMPLETION -> completion = value;
            case TOTAL -> total = value;
            case CACHED -> cached = value;
            case CACHE_WRITE -> cacheWrite = value;
            default -> { }
        }
    }
}
