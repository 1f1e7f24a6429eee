package io.llmgateway.adapters.azure;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.Json;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.codec.spi.OutboundRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Keeps the classic API's older {@code api-version}s working with today's clients. Azure answers 400
 * "Unrecognized request argument supplied" to {@code stream_options} and {@code max_completion_tokens}
 * before {@code 2024-09-01-preview}, the version that introduced both (reference 2.1); current
 * OpenAI SDKs send them by default. For those versions the body is rewritten: {@code stream_options}
 * dropped (so a stream has no usage chunk), {@code max_completion_tokens} renamed {@code max_tokens}.
 *
 * <p>Only a body whose bytes mention one of the two keys is rewritten; every other request on an
 * older version, and every request on a newer one, stays a pass-through. Stateless and thread-safe.
 */
final class ApiVersionGate {

    /** The first api-version (date part, previews included) that accepts both fields. */
    static final String FIRST_ACCEPTING = "2024-09-01";

    private static final Pattern DATED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");
    private static final ByteBuf STREAM_OPTIONS = needle("\"stream_options\"");
    private static final ByteBuf MAX_COMPLETION_TOKENS = needle("\"max_completion_tokens\"");

    private ApiVersionGate() {
    }

    /** True when {@code apiVersion} is a dated version older than {@link #FIRST_ACCEPTING}. */
    static boolean predatesStreamOptions(String apiVersion) {
        return DATED.matcher(apiVersion).matches() && apiVersion.substring(0, 10).compareTo(FIRST_ACCEPTING) < 0;
    }

    /**
     * True when the body's bytes contain either key. A match inside a nested object only costs a
     * rewrite that changes nothing: {@link #rewrite} acts on top-level keys only.
     */
    static boolean mayNeedRewrite(ByteBuf body) {
        return ByteBufUtil.indexOf(STREAM_OPTIONS, body) >= 0 || ByteBufUtil.indexOf(MAX_COMPLETION_TOKENS, body) >= 0;
    }

    /**
     * The body for an older api-version, in a new buffer owned by the caller: top-level
     * {@code stream_options} dropped, {@code max_completion_tokens} written as {@code max_tokens}
     * in its place (a {@code max_tokens} the client also sent gives way to the newer field), a null
     * {@code max_completion_tokens} dropped, {@code model} set to {@code model}. Everything else is
     * copied value by value, numbers with their original text.
     */
    static ByteBuf rewrite(OutboundRequest request, String model) {
        ByteBuf out = request.alloc().buffer(request.body().readableBytes());
        boolean ok = false;
        try {
            copy(request.body(), out, request.fields().maxCompletionTokens(), model);
            ok = true;
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!ok) {
                out.release();
            }
        }
    }

    // The codec has validated the body: a JSON object whose max_* values are integers or null.
    private static void copy(ByteBuf body, ByteBuf out, long limit, String model) throws IOException {
        try (JsonParser p = Json.parser(body); JsonGenerator g = Json.generator(out)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("request body is not a JSON object");
            }
            g.writeStartObject();
            boolean wroteLimit = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "stream_options" -> p.skipChildren();
                    case "max_completion_tokens" -> {
                        if (limit >= 0 && !wroteLimit) {
                            g.writeNumberField("max_tokens", limit);
                            wroteLimit = true;
                        }
                    }
                    case "max_tokens" -> {
                        if (limit < 0) {
                            g.writeFieldName(name);
                            JsonTree.write(g, JsonTree.read(p));
                        }
                    }
                    case "model" -> g.writeStringField("model", model);
                    default -> {
                        g.writeFieldName(name);
                        JsonTree.write(g, JsonTree.read(p));
                    }
                }
            }
            g.writeEndObject();
        }
    }

    private static ByteBuf needle(String key) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(key.getBytes(StandardCharsets.US_ASCII)).asReadOnly());
    }
}
