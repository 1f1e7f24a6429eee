package io.llmgateway.adapters.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.codec.json.InvalidRequestBodyException;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds adapter inputs and compares JSON outputs in tests. */
public final class TestRequests {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private TestRequests() {
    }

    /** A body buffer owned by the caller. */
    public static ByteBuf buf(String s) {
        ByteBuf b = ALLOC.buffer();
        b.writeCharSequence(s, StandardCharsets.UTF_8);
        return b;
    }

    public static String string(ByteBuf b) {
        return b.toString(b.readerIndex(), b.readableBytes(), StandardCharsets.UTF_8);
    }

    /** Reads {@code string(b)} and releases {@code b}. */
    public static String drain(ByteBuf b) {
        try {
            return string(b);
        } finally {
            b.release();
        }
    }

    /** A test resource as text. */
    public static String resource(String path) {
        try (InputStream in = TestRequests.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the codec's request field scanner reports for {@code body}. */
    public static RequestFields scan(ByteBuf body) {
        try {
            return RequestFieldScanner.scan(body);
        } catch (InvalidRequestBodyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A request whose body buffer the caller must release after the test. */
    public static OutboundRequest request(Endpoint endpoint, ProviderSettings provider, String upstreamModel,
            String secret, ByteBuf body) {
        return new OutboundRequest(endpoint, provider, upstreamModel, secret, body, scan(body), ALLOC);
    }

    public static ProviderSettings settings(String id, String type, String host, String basePath) {
        return ProviderSettings.of(id, type, true, host, 443, basePath);
    }

    public static ProviderSettings settings(String type, String host, String basePath, Map<String, String> headers,
            Map<String, String> query, String apiVersion, Map<String, String> deployments, boolean azureV1,
            String project, String location, String region, String authMode) {
        return new ProviderSettings(type, type, true, host, 443, basePath, headers, query, apiVersion, deployments,
                azureV1, project, location, region, authMode);
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Semantic JSON equality: key order and whitespace do not matter, values and types do. */
    public static void assertJsonEquals(String actual, String expected) {
        assertThat(tree(actual)).as("actual JSON:%n%s", actual).isEqualTo(tree(expected));
    }

    /** A buffer holding {@code s}, unpooled, for ad-hoc inputs. */
    public static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
