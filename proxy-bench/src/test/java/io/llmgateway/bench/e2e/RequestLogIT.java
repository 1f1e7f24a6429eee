package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.sun.net.httpserver.HttpServer;
import io.llmgateway.bench.mock.KeyQuote;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request log of the real gateway process: a file sink and a webhook (a real local HTTP
 * server) each receive one JSON line per request with the right fields — driven by the official
 * OpenAI SDK and by raw requests whose upstream error quotes the provider key in every form the
 * mock knows — and neither the provider's secret, the client's API key nor the webhook's token
 * appears in any line.
 */
class RequestLogIT {

    private static final String KEY = "sk-SECRET/xyz+789=";
    private static final String CLIENT_KEY = "client-key-never-logged-42";
    private static final String LOG_TOKEN = "log-token-never-logged-7";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static MockUpstream upstream;
    private static HttpServer webhook;
    private static final List<String> posted = new CopyOnWriteArrayList<>();
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();
    private static GatewayProcess gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(3).build());
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/ingest", ex -> {
            posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        webhook.start();
        gateway = GatewayProcess.start("""
                server:
                  listen: "127.0.0.1:0"
                  io_threads: 2
                  shutdown_grace_ms: 10000
                  drain_delay_ms: 0
                  api_keys: ["%s"]
                upstream:
                  connect_timeout_ms: 2000
                logging:
                  include_content: true
                  mask: [email]
                  file:
                    enabled: true
                    path: "%s"
                  providers:
                    - name: audit
                      endpoint: "http://127.0.0.1:%d/ingest"
                      headers: {Authorization: "Bearer ${LOG_TOKEN}"}
                      batch: {size: 4, interval_seconds: 1}
                %s  retries: 0
                providers:
                  - id: leaky
                    type: openai-compatible
                    base_url: "%s/v1"
                    keys:
                      - id: l1
                        secret: "%s"
                model_aliases:
                  gpt-4o: leaky:gpt-4o-2024-08-06
                """.formatted(CLIENT_KEY, dir.resolve("logs/llm.log"), webhook.getAddress().getPort(),
                GatewayConfigs.INERT_POLICY, upstream.baseUrl(), KEY), Map.of("LOG_TOKEN", LOG_TOKEN));
        client = SdkCalls.client(gateway, CLIENT_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    private static String raw(String mockHeaders) throws IOException {
        String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (RawHttp http = new RawHttp(gateway.port())) {
            return http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + CLIENT_KEY + "\r\n" + mockHeaders
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).readToClose();
        }
    }

    private static List<String> fileLines() {
        try {
            Path file = dir.resolve("logs/llm.log");
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every entry the webhook received, in order. */
    private static List<JsonNode> webhookEntries() {
        List<JsonNode> entries = new ArrayList<>();
        for (String body : posted) {
            try {
                JSON.readTree(body).forEach(entries::add);
            } catch (IOException e) {
                throw new AssertionError("the webhook received a body that is not a JSON array: " + body, e);
            }
        }
        return entries;
    }

    @Test
    void everyRequestIsOneLineInTheFileAndAtTheWebhookAndNoSecretIsInAny() throws Exception {
        client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("write to jane.doe@example.com").build());
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("stream please")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            try (Stream<ChatCompletionChunk> chunks = s.stream()) {
                assertThat(chunks.count()).isPositive();
            }
        }
        for (KeyQuote form : KeyQuote.values()) {
            assertThat(raw("x-mock-status: 400\r\nx-mock-quote-key: " + form.headerValue() + "\r\n"))
                    .startsWith("HTTP/1.1 400 ");
        }
        int requests = 2 + KeyQuote.values().length;

        Await.until("a line per request in the file", Duration.ofSeconds(20), () -> fileLines().size() == requests);
        Await.until("an entry per request at the webhook", Duration.ofSeconds(20),
                () -> webhookEntries().size() == requests);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : fileLines()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(webhookEntries()).as("the webhook got the file's entries").containsExactlyInAnyOrderElementsOf(lines);
        assertThat(lines).extracting(l -> l.get("request_id").asText()).doesNotHaveDuplicates();
        assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo("Bearer " + LOG_TOKEN));

        JsonNode body = lines.get(0);
        assertThat(body.get("stream").asBoolean()).isFalse();
        assertThat(body.get("status").asInt()).isEqualTo(200);
        assertThat(body.get("alias").asText()).isEqualTo("gpt-4o");
        assertThat(body.get("provider").asText()).isEqualTo("leaky");
        assertThat(body.get("key_id").asText()).isEqualTo("l1");
        assertThat(body.get("client_key_id").asText()).isEqualTo("api_keys[0]");
        assertThat(body.get("upstream_model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(body.get("attempts").asInt()).isEqualTo(1);
        assertThat(body.get("tokens").get("total").asLong()).isPositive();
        assertThat(body.get("latency_ms").asDouble()).isPositive();
        assertThat(body.get("overhead_us").asLong()).isNotNegative();
        assertThat(body.get("bytes_out").asLong()).isPositive();
        assertThat(body.get("request").asText()).contains("write to [email]").doesNotContain("jane.doe");
        assertThat(body.get("response").asText()).contains("chat.completion")
                .contains(MockContent.full("gpt-4o-2024-08-06", 3));

        JsonNode stream = lines.get(1);
        assertThat(stream.get("stream").asBoolean()).isTrue();
        assertThat(stream.get("status").asInt()).isEqualTo(200);
        assertThat(stream.get("ttft_ms").isNumber()).isTrue();
        assertThat(stream.get("tokens").get("completion").asLong()).isPositive();
        assertThat(stream.get("request").asText()).contains("stream please");
        assertThat(stream.get("response").asText()).as("the text of the deltas")
                .isEqualTo(MockContent.full("gpt-4o-2024-08-06", 3));

        for (JsonNode refused : lines.subList(2, lines.size())) {
            assertThat(refused.get("status").asInt()).isEqualTo(400);
            JsonNode attempt = refused.get("attempt_list").get(0);
            assertThat(attempt.get("status").asInt()).isEqualTo(400);
            assertThat(attempt.get("error").asText()).isEqualTo("client_error");
            assertThat(refused.get("response").asText()).as("the gateway's answer, the provider's message withheld")
                    .contains("its message quoted a credential and is withheld");
        }

        String everything = String.join("\n", fileLines()) + "\n" + String.join("\n", posted);
        assertNoSecret(everything);
    }

    /** Neither the provider key in any form the mock quotes it, nor the client key, nor the webhook's token. */
    private static void assertNoSecret(String logged) {
        Map<String, String> forbidden = new HashMap<>();
        forbidden.put("the key", "SECRET");
        forbidden.put("the key's tail", "xyz+789");
        forbidden.put("the key in base64",
                Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
        for (KeyQuote form : KeyQuote.values()) {
            KeyQuote.Quoted q = form.quote(KEY);
            forbidden.put(form.headerValue() + " (json)", q.json());
            forbidden.put(form.headerValue() + " (header)", q.header());
        }
        forbidden.put("the client key", CLIENT_KEY);
        forbidden.put("the webhook token", LOG_TOKEN);
        forbidden.forEach((what, text) -> assertThat(logged).as(what).doesNotContain(text));
    }
}
