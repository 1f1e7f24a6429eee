package io.llmgateway.adapters.azure;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.assertJsonEquals;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.resource;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static io.llmgateway.adapters.testing.TestRequests.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.adapters.testing.Streams;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureAdapterTest {

    private final AzureAdapter adapter = new AzureAdapter(Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));

    private static ProviderSettings azure(String basePath, String apiVersion, Map<String, String> deployments,
            boolean v1, String authMode) {
        return settings("azure", "res.openai.azure.com", basePath, Map.of(), Map.of(), apiVersion, deployments, v1,
                null, null, null, authMode);
    }

    private UpstreamCall prepare(ProviderSettings p, Endpoint e, String body, String upstreamModel) {
        ByteBuf b = buf(body);
        try {
            return adapter.prepare(request(e, p, upstreamModel, "az-key", b));
        } finally {
            b.release();
        }
    }

    @Test
    void classicUrlUsesDeploymentAndDefaultApiVersion() {
        UpstreamCall call = prepare(azure("", null, Map.of("gpt-4o", "prod-4o"), false, null), Endpoint.CHAT_COMPLETIONS,
                "{\"model\":\"gpt-4o\",\"messages\":[]}", "gpt-4o");
        try {
            assertThat(call.pathAndQuery()).isEqualTo("/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21");
            assertThat(call.headers()).containsExactly(Map.entry("api-key", "az-key"));
            assertThat(string(call.body())).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":[]}");
            assertThat(call.translator()).isNotNull();
        } finally {
            call.release();
        }
    }

    @Test
    void classicUrlDefaultsDeploymentToModelAndHonoursApiVersion() {
        UpstreamCall call = prepare(azure("/openai", "2024-08-01-preview", Map.of(), false, null), Endpoint.EMBEDDINGS,
                "{\"model\":\"emb\",\"input\":\"x\"}", "text-embedding-3-small");
        call.release();
        assertThat(call.pathAndQuery())
                .isEqualTo("/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-08-01-preview");
    }

    @Test
    void v1UrlPutsDeploymentInBodyAndUsesBearerWhenAsked() {
        UpstreamCall call = prepare(azure("/openai/v1", null, Map.of("gpt-4o", "prod-4o"), true, "bearer"),
                Endpoint.CHAT_COMPLETIONS, "{\"model\":\"alias\",\"messages\":[]}", "gpt-4o");
        try {
            assertThat(call.pathAndQuery()).isEqualTo("/openai/v1/chat/completions");
            assertThat(call.headers()).containsExactly(Map.entry("authorization", "Bearer az-key"));
            assertThat(string(call.body())).isEqualTo("{\"model\":\"prod-4o\",\"messages\":[]}");
        } finally {
            call.release();
        }
    }

    private String body(String apiVersion, String body) {
        UpstreamCall call = prepare(azure("", apiVersion, Map.of("gpt-4o", "prod-4o"), false, null),
                Endpoint.CHAT_COMPLETIONS, body, "gpt-4o");
        try {
            return string(call.body());
        } finally {
            call.release();
        }
    }

    @Test
    void anOlderApiVersionGetsNoStreamOptionsAndMaxTokensForMaxCompletionTokens() {
        String sent = "{\"model\":\"alias\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say \\\"stream_options\\\"\"}],"
                + "\"max_tokens\":10,\"max_completion_tokens\":64,\"temperature\":0.70}";

        assertThat(body("2024-06-01", sent)).isEqualTo("{\"model\":\"gpt-4o\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say \\\"stream_options\\\"\"}],"
                + "\"max_tokens\":64,\"temperature\":0.70}");
        assertThat(body("2024-08-01-preview", "{\"model\":\"gpt-4o\",\"max_completion_tokens\":null,\"max_tokens\":5,"
                + "\"stream_options\":null}")).isEqualTo("{\"model\":\"gpt-4o\",\"max_tokens\":5}");
    }

    @Test
    void aStreamIsAskedForItsUsageWhereTheApiVersionTakesStreamOptionsAndItsChunkIsNotRelayed() throws Exception {
        String stream = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}";
        UpstreamCall call = prepare(azure("", null, Map.of(), false, null), Endpoint.CHAT_COMPLETIONS, stream, "gpt-4o");
        try {
            assertThat(call.usageAdded()).isTrue();
            assertThat(string(call.body())).isEqualTo("{\"stream_options\":{\"include_usage\":true}," + stream.substring(1));
            List<String> events = Streams.events(resource("azure/stream.txt"));
            Streams.Result r = Streams.translate(call.translator(), events);
            assertThat(r.complete()).isTrue();
            assertThat(r.text()).as("the filter chunk and the gateway's usage chunk are not relayed")
                    .isEqualTo(String.join("", events.subList(1, events.size() - 2)) + events.get(events.size() - 1));
            assertThat(call.translator().usage()).isEqualTo(Usage.of(12, 1, 13, 0));
        } finally {
            call.release();
        }
        UpstreamCall older = prepare(azure("", "2024-06-01", Map.of(), false, null), Endpoint.CHAT_COMPLETIONS, stream,
                "gpt-4o");
        try {
            assertThat(older.usageAdded()).as("before 2024-09-01 Azure refuses stream_options").isFalse();
            assertThat(string(older.body())).isEqualTo(stream);
        } finally {
            older.release();
        }
    }

    @Test
    void otherwiseTheBodyIsPassedThroughUntouched() {
        String withBoth = "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"max_completion_tokens\":64}";
        assertThat(body(null, withBoth)).isEqualTo(withBoth);
        assertThat(body("2024-09-01-preview", withBoth)).isEqualTo(withBoth);
        assertThat(body("preview", withBoth)).isEqualTo(withBoth);

        ByteBuf plain = buf("{\"model\":\"gpt-4o\",\"max_tokens\":64,\"messages\":[]}");
        try {
            UpstreamCall call = adapter.prepare(request(Endpoint.CHAT_COMPLETIONS,
                    azure("", "2024-06-01", Map.of(), false, null), "gpt-4o", "az-key", plain));
            try {
                plain.setByte(plain.readerIndex() + 2, 'M');
                assertThat(string(call.body())).as("the client's bytes, not a copy").startsWith("{\"Model\"");
            } finally {
                call.release();
            }
        } finally {
            plain.release();
        }
    }

    @Test
    void validateChecksApiVersionAndAuthMode() {
        assertThat(adapter.validate(azure("", "2024-13", Map.of(), false, "oauth"))).containsExactly(
                "auth_mode: oauth (expected: api_key or bearer for type azure)",
                "api_version: 2024-13 (expected: a date like 2024-10-21, optionally with -preview, or preview/latest)");
        assertThat(adapter.validate(azure("", "2025-04-01-preview", Map.of("a", "b"), false, "api_key"))).isEmpty();
    }

    private ResponseTranslator translator() {
        UpstreamCall call = prepare(azure("", null, Map.of(), false, null), Endpoint.CHAT_COMPLETIONS,
                "{\"model\":\"gpt-4o\"}", "gpt-4o");
        call.release();
        return call.translator();
    }

    @Test
    void streamDropsTheFilterOnlyChunkAndKeepsTheRest() throws Exception {
        ResponseTranslator t = translator();
        List<String> events = Streams.events(resource("azure/stream.txt"));
        Streams.Result r = Streams.translate(t, events);
        assertThat(r.complete()).isTrue();
        assertThat(r.text()).isEqualTo(String.join("", events.subList(1, events.size())));
        assertThat(t.usage()).isEqualTo(Usage.of(12, 1, 13, 0));
    }

    @Test
    void streamWithoutDoneIsNotComplete() throws Exception {
        List<String> events = Streams.events(resource("azure/stream.txt"));
        Streams.Result r = Streams.translate(translator(), events.subList(0, 3));
        assertThat(r.complete()).isFalse();
    }

    @Test
    void anErrorEventEndsTheStreamAsFailedAndNothingAfterItIsRelayed() throws Exception {
        List<String> events = Streams.events(resource("azure/stream.txt"));
        String error = "data: {\"error\":{\"code\":\"500\",\"message\":\"The server had an error\"}}\n\n";
        Streams.Result r = Streams.translate(translator(),
                List.of(events.get(1), events.get(2), error, events.get(events.size() - 1)));

        assertThat(r.end()).isEqualTo(StreamEnd.FAILED);
        assertThat(r.text()).isEqualTo(events.get(1) + events.get(2) + error);
    }

    @Test
    void bodyIsRelayedAndUsageRead() throws Exception {
        ResponseTranslator t = translator();
        String body = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"2\"}}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1,\"total_tokens\":13}}";
        ByteBuf in = buf(body);
        try {
            assertThat(drain(t.translateBody(in, ALLOC))).isEqualTo(body);
        } finally {
            in.release();
        }
        assertThat(t.usage()).isEqualTo(Usage.of(12, 1, 13, 0));
    }

    @Test
    void cachedAndCacheWriteTokensAreReadFromBodyAndUsageChunk() throws Exception {
        ResponseTranslator body = translator();
        ByteBuf in = buf("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"2\"}}],"
                + "\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":12,\"total_tokens\":1129,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0}}}");
        try {
            drain(body.translateBody(in, ALLOC));
        } finally {
            in.release();
        }
        assertThat(body.usage()).isEqualTo(Usage.of(1117, 12, 1129, 1024));

        ResponseTranslator stream = translator();
        List<String> events = Streams.events(resource("azure/stream.txt"));
        String usageChunk = "data: {\"choices\":[],\"created\":1727304839,\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o\","
                + "\"object\":\"chat.completion.chunk\",\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":1,"
                + "\"total_tokens\":1118,\"prompt_tokens_details\":{\"cached_tokens\":1024,\"cache_write_tokens\":64}}}\n\n";
        Streams.Result r = Streams.translate(stream, List.of(events.get(1), usageChunk, events.get(events.size() - 1)));
        assertThat(r.complete()).isTrue();
        assertThat(r.text()).contains(usageChunk);
        assertThat(stream.usage()).isEqualTo(new Usage(1117, 1, 1118, 1024, 64));
    }

    private static UpstreamError error(ResponseTranslator t, int status, Map<String, String> headers, String body) {
        ByteBuf in = buf(body);
        try {
            return t.translateError(status, name -> headers.get(name), in, ALLOC);
        } finally {
            in.release();
        }
    }

    @Test
    void errorsBecomeOpenAiShaped() {
        ResponseTranslator t = translator();
        UpstreamError e = error(t, 429, Map.of(), "{\"error\": {\"code\": \"429\", \"message\": \"Requests to the "
                + "ChatCompletions_Create Operation have exceeded token rate limit. Please retry after 6 seconds.\"}}");
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfterMs()).isEqualTo(6000);
        assertJsonEquals(drain(e.body()), "{\"error\":{\"message\":\"azure: Requests to the ChatCompletions_Create "
                + "Operation have exceeded token rate limit. Please retry after 6 seconds.\",\"type\":\"rate_limit_error\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}");

        e = error(t, 429, Map.of("retry-after-ms", "1500", "retry-after", "2"), "{\"error\":{\"code\":\"429\",\"message\":\"m\"}}");
        assertThat(e.retryAfterMs()).isEqualTo(1500);
        e.body().release();

        e = error(t, 404, Map.of(), "{\"error\": {\"code\": \"DeploymentNotFound\", \"message\": \"The API deployment "
                + "for this resource does not exist.\"}}");
        assertThat(e.status()).isEqualTo(404);
        assertJsonEquals(drain(e.body()), "{\"error\":{\"message\":\"azure: The API deployment for this resource does "
                + "not exist.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"DeploymentNotFound\"}}");

        e = error(t, 401, Map.of(), "{\"error\": {\"code\": \"401\", \"message\": \"Access denied due to invalid "
                + "subscription key or wrong API endpoint.\"}}");
        assertThat(e.status()).isEqualTo(502);
        assertJsonEquals(drain(e.body()), "{\"error\":{\"message\":\"azure: Access denied due to invalid subscription "
                + "key or wrong API endpoint.\",\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_authentication_failed\"}}");

        e = error(t, 400, Map.of(), resource("azure/content_filter_error.json"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(drain(e.body())).contains("\"param\":\"prompt\"").contains("\"code\":\"content_filter\"")
                .contains("\"type\":\"invalid_request_error\"");

        e = error(t, 503, Map.of("retry-after", "3"), "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"The "
                + "service is temporarily unable to process your request.\"}}");
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.retryAfterMs()).isEqualTo(3000);
        assertJsonEquals(drain(e.body()), "{\"error\":{\"message\":\"azure: The service is temporarily unable to "
                + "process your request.\",\"type\":\"server_error\",\"param\":null,\"code\":\"overloaded\"}}");

        e = error(t, 500, Map.of(), "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"m\"}}");
        assertThat(e.status()).isEqualTo(502);
        assertThat(drain(e.body())).as("the table names no code: Azure's is kept").contains("\"code\":\"InternalServerError\"");

        e = error(t, 502, Map.of(), "<html>Bad gateway</html>");
        assertThat(e.status()).isEqualTo(502);
        assertThat(drain(e.body())).contains("Bad gateway");
    }
}
