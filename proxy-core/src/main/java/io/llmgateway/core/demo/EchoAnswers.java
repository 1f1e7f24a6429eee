package io.llmgateway.core.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The echo provider's answers, in the shapes of the OpenAI API (and of the bench mock): a
 * {@code chat.completion} or {@code text_completion} whose content is the request's text, the same
 * as a server-sent event stream (role chunk, one chunk per word, finish chunk, the usage chunk
 * when {@code stream_options.include_usage}, {@code [DONE]}), and embeddings whose vectors are a
 * deterministic function of each input.
 *
 * <p>Usage is an estimate the way the gateway makes one: a token per four characters of the
 * prompt, a token per streamed piece of the answer.
 *
 * <p>Each method returns a new buffer that the caller owns.
 */
final class EchoAnswers {

    private static final String FINGERPRINT = "fp_echo";
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private EchoAnswers() {
    }

    /** The pieces a streamed answer is cut into: each word with the spaces that follow it. */
    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            boolean wordStarts = i < text.length() && Character.isWhitespace(text.charAt(i - 1))
                    && !Character.isWhitespace(text.charAt(i));
            if (i == text.length() || wordStarts) {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        return out;
    }

    /** A {@code chat.completion} ({@code chat}) or a {@code text_completion} whose content is the request's text. */
    static ByteBuf completion(ByteBufAllocator alloc, EchoRequest r, boolean chat, String id, long created) {
        return json(alloc, g -> {
            head(g, id, chat ? "chat.completion" : "text_completion", r.model(), created);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            if (chat) {
                g.writeObjectFieldStart("message");
                g.writeStringField("role", "assistant");
                g.writeStringField("content", r.text());
                g.writeNullField("refusal");
                g.writeEndObject();
            } else {
                g.writeStringField("text", r.text());
            }
            g.writeNullField("logprobs");
            g.writeStringField("finish_reason", "stop");
            g.writeEndObject();
            g.writeEndArray();
            usage(g, r, pieces(r.text()).size());
            g.writeEndObject();
        });
    }

    /** Every event of a streamed answer, {@code [DONE]} last. */
    static List<ByteBuf> stream(ByteBufAllocator alloc, EchoRequest r, boolean chat, String id, long created) {
        List<String> pieces = pieces(r.text());
        List<ByteBuf> events = new ArrayList<>(pieces.size() + 4);
        String object = chat ? "chat.completion.chunk" : "text_completion";
        if (chat) {
            events.add(event(alloc, r, id, object, created, g -> {
                g.writeObjectFieldStart("delta");
                g.writeStringField("role", "assistant");
                g.writeStringField("content", "");
                g.writeEndObject();
            }, null));
        }
        for (String piece : pieces) {
            events.add(event(alloc, r, id, object, created, g -> {
                if (chat) {
                    g.writeObjectFieldStart("delta");
                    g.writeStringField("content", piece);
                    g.writeEndObject();
                } else {
                    g.writeStringField("text", piece);
                }
            }, null));
        }
        events.add(event(alloc, r, id, object, created, g -> {
            if (chat) {
                g.writeObjectFieldStart("delta");
                g.writeEndObject();
            } else {
                g.writeStringField("text", "");
            }
        }, "stop"));
        if (r.includeUsage()) {
            events.add(sse(alloc, json(alloc, g -> {
                head(g, id, object, r.model(), created);
                g.writeArrayFieldStart("choices");
                g.writeEndArray();
                usage(g, r, pieces.size());
                g.writeEndObject();
            })));
        }
        events.add(alloc.buffer(DONE.length).writeBytes(DONE));
        return events;
    }

    static ByteBuf embeddings(ByteBufAllocator alloc, EchoRequest r) {
        return json(alloc, g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            int tokens = 0;
            for (int i = 0; i < r.inputs().size(); i++) {
                String input = r.inputs().get(i);
                tokens += estimateTokens(input.length());
                g.writeStartObject();
                g.writeStringField("object", "embedding");
                g.writeNumberField("index", i);
                float[] vector = vector(input, r.dimensions());
                if (r.base64()) {
                    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    for (float f : vector) {
                        bytes.putFloat(f);
                    }
                    g.writeStringField("embedding", Base64.getEncoder().encodeToString(bytes.array()));
                } else {
                    g.writeArrayFieldStart("embedding");
                    for (float f : vector) {
                        g.writeNumber(f);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("model", r.model());
            g.writeObjectFieldStart("usage");
            g.writeNumberField("prompt_tokens", tokens);
            g.writeNumberField("total_tokens", tokens);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** A unit vector that depends only on the input and the dimension count, so equal inputs embed equally. */
    static float[] vector(String input, int dimensions) {
        float[] v = new float[dimensions];
        long seed = input.hashCode() * 0x9E3779B97F4A7C15L;
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            seed ^= seed << 13;
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            v[i] = (seed % 2001) / 1000f;
            norm += v[i] * v[i];
        }
        float scale = norm == 0 ? 1 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            v[i] *= scale;
        }
        return v;
    }

    static int estimateTokens(int chars) {
        return Math.max(1, (chars + 3) / 4);
    }

    private static void head(JsonGenerator g, String id, String object, String model, long created) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("object", object);
        g.writeNumberField("created", created);
        g.writeStringField("model", model);
        g.writeStringField("system_fingerprint", FINGERPRINT);
    }

    private static void usage(JsonGenerator g, EchoRequest r, int completionTokens) throws IOException {
        int prompt = estimateTokens(r.promptChars());
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", prompt);
        g.writeNumberField("completion_tokens", completionTokens);
        g.writeNumberField("total_tokens", prompt + completionTokens);
        g.writeEndObject();
    }

    private static ByteBuf event(ByteBufAllocator alloc, EchoRequest r, String id, String object, long created,
            Writer choice, String finishReason) {
        return sse(alloc, json(alloc, g -> {
            head(g, id, object, r.model(), created);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            choice.write(g);
            g.writeNullField("logprobs");
            if (finishReason == null) {
                g.writeNullField("finish_reason");
            } else {
                g.writeStringField("finish_reason", finishReason);
            }
            g.writeEndObject();
            g.writeEndArray();
            if (r.includeUsage()) {
                g.writeNullField("usage");
            }
            g.writeEndObject();
        }));
    }

    /** {@code data: <json>\n\n}; releases {@code json}. */
    private static ByteBuf sse(ByteBufAllocator alloc, ByteBuf json) {
        try {
            ByteBuf out = alloc.buffer(json.readableBytes() + 8);
            out.writeBytes(DATA).writeBytes(json);
            return out.writeByte('\n').writeByte('\n');
        } finally {
            json.release();
        }
    }

    private static ByteBuf json(ByteBufAllocator alloc, Writer writer) {
        ByteBuf out = alloc.buffer(256);
        try (JsonGenerator g = JsonTree.FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(out))) {
            writer.write(g);
        } catch (IOException e) {
            out.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }
}
