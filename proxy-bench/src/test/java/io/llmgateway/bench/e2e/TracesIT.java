package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpServer;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces from outside: the real gateway, the mock upstream, the official OpenAI SDK, and an
 * OTLP/HTTP receiver started here (the JDK's HttpServer) that collects every span the gateway posts.
 */
class TracesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";

    /** What the receiver got: one JSON body per export, and each span with its resource's service name. */
    private static final List<JsonNode> SPANS = new CopyOnWriteArrayList<>();
    private static final List<String> SERVICES = new CopyOnWriteArrayList<>();
    private static final List<String> CONTENT_TYPES = new CopyOnWriteArrayList<>();

    private static HttpServer receiver;
    private static MockUpstream mock;
    private static GatewayProcess gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", ex -> {
            try (ex) {
                CONTENT_TYPES.add(ex.getRequestHeaders().getFirst("Content-Type"));
                JsonNode body = JSON.readTree(ex.getRequestBody());
                for (JsonNode rs : body.path("resourceSpans")) {
                    String service = rs.path("resource").path("attributes").get(0).path("value").path("stringValue")
                            .asText();
                    for (JsonNode ss : rs.path("scopeSpans")) {
                        for (JsonNode span : ss.path("spans")) {
                            SERVICES.add(service);
                            SPANS.add(span);
                        }
                    }
                }
                ex.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        mock = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        mock.whenCredential("sk-cheap", "x-mock-status", "500");
        gateway = GatewayProcess.start("""
                server:
                  listen: "127.0.0.1:0"
                  io_threads: 2
                  drain_delay_ms: 0
                logging:
                  otlp:
                    endpoint: "http://127.0.0.1:%d"
                    service_name: "gateway-under-test"
                    interval_ms: 50
                policy:
                  failure_threshold: 1000000
                  backoff_ms: {initial: 0, max: 0}
                providers:
                  - id: cheap
                    type: openai-compatible
                    base_url: "%s/v1"
                    price_per_million: {prompt: 0.1, completion: 0.1}
                    keys: [ { id: cheap-1, secret: sk-cheap } ]
                  - id: dear
                    type: openai-compatible
                    base_url: "%s/v1"
                    price_per_million: {prompt: 10, completion: 10}
                    keys: [ { id: dear-1, secret: sk-dear } ]
                model_aliases:
                  plain: dear:gpt-4o
                  retried:
                    targets: [ "cheap:gpt-4o-mini", "dear:gpt-4o" ]
                    strategy: lowest-cost
                """.formatted(receiver.getAddress().getPort(), mock.baseUrl(), mock.baseUrl()));
        client = SdkCalls.client(gateway);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (mock != null) {
            mock.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static ChatCompletion chat(String model, String requestId, String traceparent) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(model).addUserMessage("hi")
                .putAdditionalHeader("x-request-id", requestId);
        if (traceparent != null) {
            b.putAdditionalHeader("traceparent", traceparent);
        }
        return client.chat().completions().create(b.build());
    }

    /** The spans of request {@code requestId}: its SERVER span first, then its attempts in start order. */
    private static List<JsonNode> spansOf(String requestId, int attempts) {
        Await.until("the request span and " + attempts + " attempt spans of " + requestId, Duration.ofSeconds(15),
                () -> {
                    List<JsonNode> found = collect(requestId);
                    return !found.isEmpty() && found.size() == 1 + attempts;
                });
        return collect(requestId);
    }

    private static List<JsonNode> collect(String requestId) {
        JsonNode request = null;
        for (JsonNode s : SPANS) {
            if (requestId.equals(attributes(s).get("llm_gateway.request_id"))) {
                request = s;
            }
        }
        if (request == null) {
            return List.of();
        }
        List<JsonNode> found = new ArrayList<>();
        found.add(request);
        String traceId = request.path("traceId").asText();
        String spanId = request.path("spanId").asText();
        SPANS.stream()
                .filter(s -> s.path("traceId").asText().equals(traceId) && s.path("parentSpanId").asText().equals(spanId))
                .sorted((a, b) -> Long.compareUnsigned(Long.parseUnsignedLong(a.path("startTimeUnixNano").asText()),
                        Long.parseUnsignedLong(b.path("startTimeUnixNano").asText())))
                .forEach(found::add);
        return found;
    }

    /** A span's attributes as key → value text. */
    private static Map<String, String> attributes(JsonNode span) {
        Map<String, String> m = new HashMap<>();
        for (JsonNode a : span.path("attributes")) {
            JsonNode v = a.path("value");
            m.put(a.path("key").asText(), v.elements().hasNext() ? v.elements().next().asText() : "");
        }
        return m;
    }

    private static RecordedRequest upstreamRequest(String requestId, int index) {
        List<RecordedRequest> mine = mock.recordedRequests().stream()
                .filter(r -> requestId.equals(r.header("x-request-id"))).toList();
        assertThat(mine.size()).as("requests the mock received for " + requestId).isGreaterThan(index);
        return mine.get(index);
    }

    @Test
    void aRequestSpanJoinsTheClientsTraceWithOneAttemptSpanWhoseIdTheProviderReceivedAsParent() throws IOException {
        ChatCompletion answer = chat("plain", "trace-one", "00-" + CLIENT_TRACE_ID + "-" + CLIENT_SPAN_ID + "-01");
        assertThat(answer.choices()).isNotEmpty();

        List<JsonNode> spans = spansOf("trace-one", 1);
        JsonNode request = spans.get(0);
        JsonNode attempt = spans.get(1);
        assertThat(request.path("traceId").asText()).isEqualTo(CLIENT_TRACE_ID);
        assertThat(request.path("parentSpanId").asText()).isEqualTo(CLIENT_SPAN_ID);
        assertThat(request.path("name").asText()).isEqualTo("chat plain");
        assertThat(request.path("kind").asInt()).as("SERVER").isEqualTo(2);
        assertThat(Long.parseUnsignedLong(request.path("endTimeUnixNano").asText()))
                .isGreaterThanOrEqualTo(Long.parseUnsignedLong(request.path("startTimeUnixNano").asText()));
        Map<String, String> ra = attributes(request);
        assertThat(ra).containsEntry("gen_ai.operation.name", "chat")
                .containsEntry("gen_ai.request.model", "plain")
                .containsEntry("gen_ai.system", "openai")
                .containsEntry("gen_ai.provider.name", "openai")
                .containsEntry("gen_ai.response.model", "gpt-4o")
                .containsEntry("http.response.status_code", "200")
                .containsEntry("llm_gateway.attempts", "1")
                .doesNotContainKey("error.type");
        assertThat(Long.parseLong(ra.get("gen_ai.usage.input_tokens"))).isPositive();
        assertThat(Long.parseLong(ra.get("gen_ai.usage.output_tokens"))).isPositive();

        assertThat(attempt.path("traceId").asText()).isEqualTo(CLIENT_TRACE_ID);
        assertThat(attempt.path("name").asText()).isEqualTo("chat gpt-4o");
        assertThat(attempt.path("kind").asInt()).as("CLIENT").isEqualTo(3);
        assertThat(attributes(attempt)).containsEntry("llm_gateway.provider", "dear")
                .containsEntry("llm_gateway.key_id", "dear-1")
                .containsEntry("gen_ai.request.model", "gpt-4o")
                .containsEntry("http.response.status_code", "200")
                .doesNotContainKey("error.type");
        assertThat(SPANS.toString()).as("no secret in any span")
                .doesNotContain("sk-cheap", "sk-dear", "client-key-never-forwarded");
        assertThat(SERVICES).contains("gateway-under-test");
        assertThat(CONTENT_TYPES).contains("application/json");

        RecordedRequest upstream = upstreamRequest("trace-one", 0);
        assertThat(upstream.headers().getAll("traceparent")).as("ours replaces the client's")
                .containsExactly("00-" + CLIENT_TRACE_ID + "-" + attempt.path("spanId").asText() + "-01");
    }

    @Test
    void aRequestRetriedOnASecondDeploymentHasTwoAttemptSpansEachTheParentOfItsUpstreamRequest() {
        ChatCompletion answer = chat("retried", "trace-two", null);
        assertThat(answer.choices()).isNotEmpty();

        List<JsonNode> spans = spansOf("trace-two", 2);
        JsonNode request = spans.get(0);
        String traceId = request.path("traceId").asText();
        assertThat(traceId).hasSize(32).isNotEqualTo("0".repeat(32));
        assertThat(request.has("parentSpanId")).as("a trace of its own: a root span").isFalse();
        assertThat(attributes(request)).containsEntry("llm_gateway.attempts", "2")
                .containsEntry("http.response.status_code", "200");

        Map<String, String> failed = attributes(spans.get(1));
        assertThat(failed).containsEntry("llm_gateway.provider", "cheap")
                .containsEntry("gen_ai.request.model", "gpt-4o-mini")
                .containsEntry("http.response.status_code", "500")
                .containsEntry("error.type", "server_error");
        assertThat(spans.get(1).path("status").path("code").asInt()).as("ERROR").isEqualTo(2);
        assertThat(attributes(spans.get(2))).containsEntry("llm_gateway.provider", "dear")
                .doesNotContainKey("error.type");

        for (int i = 0; i < 2; i++) {
            assertThat(upstreamRequest("trace-two", i).header("traceparent"))
                    .isEqualTo("00-" + traceId + "-" + spans.get(1 + i).path("spanId").asText() + "-01");
        }
    }
}
