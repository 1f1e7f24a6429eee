package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.bench.mock.ExchangeSettings;
import io.llmgateway.bench.mock.MockExchange;
import io.llmgateway.bench.mock.MockStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI answer dressed as Azure's (providers.md 2.4, 2.5): {@code prompt_filter_results} at the
 * top of chat and completion bodies, {@code content_filter_results} in every choice, and a stream
 * that opens with the content-filter-only chunk ({@code "choices":[]}, empty {@code id} and
 * {@code model}, {@code created: 0}) that makes naive clients index {@code choices[0]} and crash.
 * Errors in Azure's shapes, with {@code retry-after} and {@code retry-after-ms} on 429.
 */
final class AzureExchange implements MockExchange {

    private final AzureProtocol protocol;
    private final MockExchange openAi;
    private final String operation;
    private final String version;

    AzureExchange(AzureProtocol protocol, MockExchange openAi, String operation, String version) {
        this.protocol = protocol;
        this.openAi = openAi;
        this.operation = operation;
        this.version = version == null ? "v1" : version;
    }

    @Override
    public boolean refused() {
        return openAi.refused();
    }

    @Override
    public boolean streaming() {
        return openAi.streaming();
    }

    @Override
    public FullHttpResponse response(ExchangeSettings settings, ByteBufAllocator alloc) {
        FullHttpResponse plain = openAi.response(settings, alloc);
        String text;
        int status = plain.status().code();
        try {
            text = plain.content().toString(StandardCharsets.UTF_8);
        } finally {
            plain.release();
        }
        JsonNode body = parse(text);
        if (!operation.equals("embeddings") && body.has("choices")) {
            ObjectNode annotated = ProviderJson.object();
            body.fields().forEachRemaining(e -> {
                annotated.set(e.getKey(), e.getValue());
                if (e.getKey().equals("model")) {
                    annotated.set("prompt_filter_results", promptFilterResults());
                }
            });
            annotated.get("choices").forEach(c -> ((ObjectNode) c).set("content_filter_results", safe()));
            body = annotated;
        }
        FullHttpResponse response = ProviderHttp.json(status, ProviderHttp.JSON, ProviderJson.compact(body), alloc);
        protocol.headers(response.headers());
        return response;
    }

    @Override
    public FullHttpResponse error(int status, ByteBufAllocator alloc) {
        return protocol.injectedError(status, operation, version, alloc);
    }

    @Override
    public MockStream stream(ExchangeSettings settings) {
        MockStream inner = openAi.stream(settings);
        return new MockStream() {
            @Override
            public CharSequence contentType() {
                return inner.contentType();
            }

            @Override
            public void headers(HttpHeaders headers) {
                protocol.headers(headers);
            }

            @Override
            public void start(ByteBufAllocator alloc, List<ByteBuf> out) {
                ObjectNode filterOnly = ProviderJson.object();
                filterOnly.putArray("choices");
                filterOnly.put("created", 0).put("id", "").put("model", "").put("object", "");
                filterOnly.set("prompt_filter_results", promptFilterResults());
                out.add(ProviderHttp.utf8(alloc, "data: " + ProviderJson.compact(filterOnly) + "\n\n"));
                List<ByteBuf> first = new ArrayList<>(2);
                inner.start(alloc, first);
                first.forEach(e -> out.add(annotate(e, alloc)));
            }

            @Override
            public int pieces() {
                return inner.pieces();
            }

            @Override
            public ByteBuf piece(ByteBufAllocator alloc, int index) {
                return annotate(inner.piece(alloc, index), alloc);
            }

            @Override
            public void end(ByteBufAllocator alloc, List<ByteBuf> out) {
                List<ByteBuf> last = new ArrayList<>(3);
                inner.end(alloc, last);
                last.forEach(e -> out.add(annotate(e, alloc)));
            }

            @Override
            public ByteBuf error(ByteBufAllocator alloc) {
                return inner.error(alloc);
            }
        };
    }

    /** Adds {@code content_filter_results} to every choice of one {@code data:} event; releases {@code event}. */
    private static ByteBuf annotate(ByteBuf event, ByteBufAllocator alloc) {
        String text;
        try {
            text = event.toString(StandardCharsets.UTF_8);
        } finally {
            event.release();
        }
        String data = text.strip();
        if (!data.startsWith("data: {")) {
            return ProviderHttp.utf8(alloc, text);
        }
        ObjectNode chunk = (ObjectNode) parse(data.substring("data: ".length()));
        for (JsonNode choice : chunk.path("choices")) {
            boolean content = !choice.path("delta").path("content").asText("").isEmpty()
                    || !choice.path("text").asText("").isEmpty();
            ((ObjectNode) choice).set("content_filter_results", content ? safe() : ProviderJson.object());
        }
        return ProviderHttp.utf8(alloc, "data: " + ProviderJson.compact(chunk) + "\n\n");
    }

    private static ArrayNode promptFilterResults() {
        ArrayNode results = ProviderJson.array();
        ObjectNode r = results.addObject().put("prompt_index", 0);
        ObjectNode categories = safe();
        categories.putObject("jailbreak").put("filtered", false).put("detected", false);
        r.set("content_filter_results", categories);
        return results;
    }

    private static ObjectNode safe() {
        ObjectNode results = ProviderJson.object();
        for (String category : new String[] {"hate", "self_harm", "sexual", "violence"}) {
            results.putObject(category).put("filtered", false).put("severity", "safe");
        }
        return results;
    }

    private static JsonNode parse(String json) {
        try {
            return ProviderJson.parse(io.netty.buffer.Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
