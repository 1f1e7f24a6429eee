package io.llmgateway.adapters.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.ErrorMapper.Kind;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For OpenAI-shaped upstreams that need a little normalising (Azure, Bedrock): success bodies and
 * stream events are relayed as retained duplicates (no copy); Azure's content-filter-only first
 * chunk ({@code "choices":[]} with {@code prompt_filter_results}, empty id, {@code created: 0}),
 * which crashes clients that index {@code choices[0]}, is dropped; usage is read from the body or the
 * usage chunk; error bodies in other shapes (Azure's string-coded errors, AWS {@code {"message":..}},
 * vLLM's flat error) become OpenAI's.
 *
 * <p>When the adapter asked for the stream's usage the client did not ask for
 * ({@code dropUsageChunk}), the usage chunk ({@code "choices":[]} with a usage object) is read and
 * not relayed.
 *
 * <p>An upstream error event ({@code data: {"error":...}}, which OpenAI-shaped streams send instead of
 * {@code [DONE]}) is relayed as it came, nothing after it is, and {@link #endOfStream} answers
 * {@link StreamEnd#FAILED} so that the core adds no second error.
 *
 * <p>Hot path: an event is parsed only when its bytes show {@code "choices":[]} (the filter chunk
 * or the usage chunk) or no {@code "choices"} at all (an error); every content chunk costs one
 * byte scan that stops at its {@code "choices"} key ({@link ChoicesFinder}).
 */
public final class PassThroughTranslator implements ResponseTranslator {

    private static final Pattern RETRY_AFTER_SECONDS = Pattern.compile("retry after (\\d+) second", Pattern.CASE_INSENSITIVE);

    private final String provider;
    private final Clock clock;
    private final UsageCounts usage = new UsageCounts();
    private final boolean dropUsageChunk;
    private boolean sawDone;
    private boolean sawError;

    public PassThroughTranslator(String provider, Clock clock) {
        this(provider, clock, false);
    }

    /** @param dropUsageChunk the usage chunk is the gateway's (it asked for it): read, not relayed */
    public PassThroughTranslator(String provider, Clock clock, boolean dropUsageChunk) {
        this.provider = provider;
        this.clock = clock;
        this.dropUsageChunk = dropUsageChunk;
    }

    @Override
    public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) {
        try (JsonParser p = Json.parser(upstreamBody)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("usage") && p.currentToken() == JsonToken.START_OBJECT) {
                        readUsage(p, usage);
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // Usage is best effort: the body is relayed as the provider sent it.
        }
        return upstreamBody.retainedDuplicate();
    }

    @Override
    public void translateEvent(ByteBuf event, ByteBufAllocator alloc, List<ByteBuf> out) {
        if (sawError) {
            // The client has its error: whatever the upstream sends after it is not relayed.
            return;
        }
        // [DONE] events are tiny: the check costs nothing on content chunks.
        if (sawDone || event.readableBytes() <= 64 && SseEvents.isDone(event)) {
            sawDone = true;
            out.add(event.retainedDuplicate());
            return;
        }
        if (ChoicesFinder.find(event) == ChoicesFinder.NON_EMPTY_CHOICES) {
            out.add(event.retainedDuplicate());
            return;
        }
        ByteBuf data = SseEvents.data(event, alloc);
        if (data == null) {
            out.add(event.retainedDuplicate());
            return;
        }
        boolean dropped = false;
        StreamScratch s = StreamScratch.get();
        try {
            JsonParser p = s.parse(data);
            boolean hasUsage = false;
            boolean hasFilter = false;
            if (StreamScratch.next(p) == JsonToken.START_OBJECT) {
                while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = StreamScratch.next(p);
                    if (name.equals("usage") && v == JsonToken.START_OBJECT) {
                        hasUsage = true;
                        readUsageStreaming(p, usage);
                    } else if (name.equals("error") && v != JsonToken.VALUE_NULL) {
                        sawError = true;
                        StreamScratch.skip(p);
                    } else {
                        if (name.equals("prompt_filter_results") || name.equals("prompt_annotations")) {
                            hasFilter = true;
                        }
                        StreamScratch.skip(p);
                    }
                }
            }
            s.finish(p);
            dropped = hasUsage ? dropUsageChunk : hasFilter;
        } catch (IOException e) {
            // Not ours to judge: relay the event as the provider sent it.
            s.discardParser();
        } finally {
            data.release();
        }
        if (!dropped) {
            out.add(event.retainedDuplicate());
        }
    }

    @Override
    public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
        // [DONE] and an error event were relayed as they arrived; with neither the stream was cut short.
        if (sawError) {
            return StreamEnd.FAILED;
        }
        return sawDone ? StreamEnd.COMPLETE : StreamEnd.TRUNCATED;
    }

    @Override
    public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        OpenAiErrorBody e = OpenAiErrorBody.parse(body);
        Kind kind = e.kind(status, headers.get(OpenAiErrorBody.AMZN_ERROR_TYPE));
        long retryAfter = RetryAfter.millis(headers, clock.millis());
        if (retryAfter < 0 && e.message() != null) {
            Matcher m = RETRY_AFTER_SECONDS.matcher(e.message());
            if (m.find()) {
                retryAfter = Long.parseLong(m.group(1)) * 1000;
            }
        }
        // The 9.3 table's code wins where it names one (Azure's 503 "ServiceUnavailable" becomes
        // "overloaded"); the upstream's word is kept where the table names none, and for an unknown
        // deployment ("DeploymentNotFound" says more than "model_not_found").
        String outCode = kind.code() == null || kind == Kind.NOT_FOUND ? e.code() : null;
        String param = kind == Kind.CONTEXT_LENGTH && e.param() == null ? "messages" : e.param();
        return ErrorMapper.error(alloc, kind, provider, e.message(), param, outCode, retryAfter);
    }

    @Override
    public Usage usage() {
        return usage.toUsage();
    }

    /** Reads an OpenAI {@code usage} object (parser on its START_OBJECT) with a blocking parser. */
    public static void readUsage(JsonParser p, UsageCounts u) throws IOException {
        u.known();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            readUsageField(p, u, name, v);
        }
    }

    private static void readUsageStreaming(JsonParser p, UsageCounts u) throws IOException {
        u.known();
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = StreamScratch.next(p);
            if (name.equals("prompt_tokens_details") && v == JsonToken.START_OBJECT) {
                while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
                    String n = p.currentName();
                    JsonToken dv = StreamScratch.next(p);
                    if (dv == JsonToken.VALUE_NUMBER_INT && isCacheCount(n)) {
                        readCacheCount(p, u, n);
                    } else {
                        StreamScratch.skip(p);
                    }
                }
            } else {
                readScalarUsage(p, u, name, v);
                StreamScratch.skip(p);
            }
        }
    }

    private static void readUsageField(JsonParser p, UsageCounts u, String name, JsonToken v) throws IOException {
        if (name.equals("prompt_tokens_details") && v == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String n = p.currentName();
                JsonToken dv = p.nextToken();
                if (dv == JsonToken.VALUE_NUMBER_INT && isCacheCount(n)) {
                    readCacheCount(p, u, n);
                } else {
                    p.skipChildren();
                }
            }
            return;
        }
        readScalarUsage(p, u, name, v);
        p.skipChildren();
    }

    /** {@code cached_tokens} (cache reads) or {@code cache_write_tokens} (the newest spec's cache writes). */
    private static boolean isCacheCount(String name) {
        return name.equals("cached_tokens") || name.equals("cache_write_tokens");
    }

    private static void readCacheCount(JsonParser p, UsageCounts u, String name) throws IOException {
        long n = p.getLongValue();
        if (name.equals("cached_tokens")) {
            u.cached = n;
        } else {
            u.cacheWrite = n;
        }
    }

    private static void readScalarUsage(JsonParser p, UsageCounts u, String name, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            return;
        }
        switch (name) {
            case "prompt_tokens" -> u.prompt = p.getLongValue();
            case "completion_tokens" -> u.completion = p.getLongValue();
            case "total_tokens" -> u.total = p.getLongValue();
            default -> {
            }
        }
    }
}
