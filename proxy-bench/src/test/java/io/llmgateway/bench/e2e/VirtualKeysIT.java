package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual keys on the real jar, created through the admin API and used with the official OpenAI
 * SDK: a model outside the key's list (403), its requests per minute (429 with a truthful
 * retry-after), a budget spent at the provider's known usage and price (429 budget_exceeded),
 * expiry and revocation (401), a team's budget across two keys; and a restart of the jar, after
 * which keys, revocations and spend are as they were.
 */
class VirtualKeysIT {

    private static final String ADMIN_KEY = "adm-vkeys-e2e-91c2";
    /** USD per million tokens: a request of the mock (10 prompt, 4 completion tokens) costs 0.4 USD. */
    private static final double PROMPT_PRICE = 20_000;
    private static final double COMPLETION_PRICE = 50_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static MockUpstream upstream;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(4).build());
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.close();
    }

    private String config() {
        return """
                server:
                  listen: "127.0.0.1:0"
                  io_threads: 2
                  admin_api_key: "%s"
                  shutdown_grace_ms: 10000
                  drain_delay_ms: 0
                storage:
                  data_dir: "%s"
                providers:
                  - id: mock
                    type: openai-compatible
                    base_url: "%s/v1"
                    price_per_million: {prompt: %s, completion: %s}
                    keys:
                      - id: k1
                        secret: "sk-upstream-one"
                model_aliases:
                  gpt-4o: mock:gpt-4o-2024-08-06
                  gpt-4o-mini: mock:gpt-4o-mini
                """.formatted(ADMIN_KEY, dataDir, upstream.baseUrl(), PROMPT_PRICE, COMPLETION_PRICE);
    }

    private static HttpResponse<String> admin(GatewayProcess gw, String method, String path, String body)
            throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/admin/v1" + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode created(GatewayProcess gw, String path, String body) throws Exception {
        HttpResponse<String> r = admin(gw, "POST", path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return SdkCalls.json(r.body());
    }

    private static ChatCompletion chat(GatewayProcess gw, String key, String model) {
        OpenAIClient client = SdkCalls.client(gw, key);
        return client.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                .addUserMessage("Say hi").build());
    }

    private static int status(GatewayProcess gw, String key, String model) {
        try {
            chat(gw, key, model);
            return 200;
        } catch (OpenAIServiceException e) {
            return e.statusCode();
        }
    }

    private static HttpResponse<String> raw(GatewayProcess gw, String key, String model) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static double cost(CompletionUsage u) {
        return (u.promptTokens() * PROMPT_PRICE + u.completionTokens() * COMPLETION_PRICE) / 1_000_000;
    }

    private static double spend(GatewayProcess gw, String what) throws Exception {
        return SdkCalls.json(admin(gw, "GET", what, null).body()).get("spend_usd").asDouble();
    }

    private static void awaitSpend(GatewayProcess gw, String what, double usd) {
        Await.until(what + " spent " + usd, Duration.ofSeconds(10), () -> {
            try {
                return Math.abs(spend(gw, what) - usd) < 1e-9;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theLifecycleOfAVirtualKeyAndItsSpendSurviveARestart() throws Exception {
        String limited;
        String limitedId;
        String budgeted;
        String budgetedId;
        String kept;
        double perRequest;
        try (GatewayProcess gw = GatewayProcess.start(config())) {
            assertThat(status(gw, "sk-anything", "gpt-4o")).as("no virtual key yet: auth is off").isEqualTo(200);

            JsonNode a = created(gw, "/virtual-keys", "{\"name\":\"ci\",\"models\":[\"gpt-4o\"],\"rpm\":2}");
            limited = a.get("key").asText();
            limitedId = a.get("id").asText();
            assertThat(limited).startsWith("sk-gw-");
            assertThat(a.get("source").asText()).isEqualTo("api");

            assertThat(status(gw, "sk-anything", "gpt-4o")).as("a virtual key exists: a key is required").isEqualTo(401);
            assertThat(raw(gw, "", "gpt-4o").statusCode()).isEqualTo(401);

            ChatCompletion first = chat(gw, limited, "gpt-4o");
            perRequest = cost(first.usage().orElseThrow());
            assertThat(perRequest).isCloseTo(0.4, within(1e-9));
            HttpResponse<String> forbidden = raw(gw, limited, "gpt-4o-mini");
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.body()).contains("\"code\":\"model_not_allowed\"").contains("\"param\":\"model\"");
            assertThat(status(gw, limited, "gpt-4o")).isEqualTo(200);
            HttpResponse<String> limitedOut = raw(gw, limited, "gpt-4o");
            assertThat(limitedOut.statusCode()).isEqualTo(429);
            assertThat(limitedOut.body()).contains("\"code\":\"rate_limit_exceeded\"");
            long retryAfter = Long.parseLong(limitedOut.headers().firstValue("retry-after").orElseThrow());
            assertThat(retryAfter).as("the first request leaves the minute's window within 60 s").isBetween(1L, 60L);
            awaitSpend(gw, "/virtual-keys/" + limitedId, 2 * perRequest);

            JsonNode b = created(gw, "/virtual-keys", "{\"budget\":{\"usd\":0.5,\"period\":\"total\"}}");
            budgeted = b.get("key").asText();
            budgetedId = b.get("id").asText();
            assertThat(status(gw, budgeted, "gpt-4o-mini")).isEqualTo(200);
            awaitSpend(gw, "/virtual-keys/" + budgetedId, perRequest);
            assertThat(status(gw, budgeted, "gpt-4o-mini")).as("0.4 of 0.5 spent").isEqualTo(200);
            awaitSpend(gw, "/virtual-keys/" + budgetedId, 2 * perRequest);
            HttpResponse<String> broke = raw(gw, budgeted, "gpt-4o");
            assertThat(broke.statusCode()).isEqualTo(429);
            assertThat(broke.body()).contains("\"code\":\"budget_exceeded\"");
            assertThat(broke.headers().firstValue("x-should-retry")).hasValue("false");

            JsonNode c = created(gw, "/virtual-keys", "{\"expires_at\":\"2020-01-01T00:00:00Z\"}");
            assertThat(raw(gw, c.get("key").asText(), "gpt-4o").body()).contains("has expired");

            kept = created(gw, "/virtual-keys", "{\"metadata\":{\"owner\":\"ann\"}}").get("key").asText();
            assertThat(status(gw, kept, "gpt-4o")).isEqualTo(200);

            assertThat(admin(gw, "DELETE", "/virtual-keys/" + limitedId, null).body())
                    .isEqualTo("{\"id\":\"" + limitedId + "\",\"revoked\":true}");
            assertThat(raw(gw, limited, "gpt-4o").body()).contains("has been revoked");
            assertThat(admin(gw, "PATCH", "/virtual-keys/" + budgetedId, "{\"rpm\":-1}").body())
                    .contains("\"param\":\"rpm\"");
            assertThat(Files.readString(dataDir.resolve("virtual-keys.json"))).doesNotContain(kept);
        }

        try (GatewayProcess gw = GatewayProcess.start(config())) {
            assertThat(status(gw, kept, "gpt-4o")).as("a key created before the restart").isEqualTo(200);
            assertThat(raw(gw, limited, "gpt-4o").statusCode()).as("revoked before the restart").isEqualTo(401);
            assertThat(spend(gw, "/virtual-keys/" + budgetedId)).isCloseTo(2 * perRequest, within(1e-9));
            assertThat(raw(gw, budgeted, "gpt-4o").body()).as("its spend survived").contains("budget_exceeded");
            JsonNode byKey = SdkCalls.json(admin(gw, "GET", "/spend?group_by=key", null).body());
            assertThat(byKey.get("group_by").asText()).isEqualTo("key");
            assertThat(byKey.get("data").findValuesAsText("group")).contains(limitedId, budgetedId);
            assertThat(gw.output()).noneMatch(l -> l.contains(kept) || l.contains(budgeted) || l.contains(ADMIN_KEY));
        }
    }

    @Test
    void keysDeclaredInTheConfigComeFromTheEnvironmentAndChangeOnlyThere() throws Exception {
        String key = "sk-yaml-declared-" + System.nanoTime();
        String yaml = config() + """
                auth:
                  teams:
                    - id: ops
                      max_parallel: 10
                  virtual_keys:
                    - id: ci-bot
                      key: "${CI_BOT_KEY}"
                      team_id: ops
                      models: [gpt-4o]
                """;
        try (GatewayProcess gw = GatewayProcess.start(yaml, java.util.Map.of("CI_BOT_KEY", key))) {
            assertThat(status(gw, key, "gpt-4o")).isEqualTo(200);
            assertThat(status(gw, key, "gpt-4o-mini")).isEqualTo(403);
            assertThat(status(gw, "sk-not-a-key", "gpt-4o")).isEqualTo(401);
            JsonNode listed = SdkCalls.json(admin(gw, "GET", "/virtual-keys/ci-bot", null).body());
            assertThat(listed.get("source").asText()).isEqualTo("config");
            assertThat(listed.get("team_id").asText()).isEqualTo("ops");
            HttpResponse<String> patch = admin(gw, "PATCH", "/virtual-keys/ci-bot", "{\"rpm\":1}");
            assertThat(patch.statusCode()).isEqualTo(409);
            assertThat(patch.body()).contains("auth.virtual_keys");
            assertThat(gw.output()).noneMatch(l -> l.contains(key));
        }
    }

    @Test
    void aTeamsBudgetAppliesAcrossItsKeys() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(config())) {
            created(gw, "/teams", "{\"id\":\"research\",\"budget\":{\"usd\":0.5,\"period\":\"day\"}}");
            String one = created(gw, "/virtual-keys", "{\"team_id\":\"research\"}").get("key").asText();
            String two = created(gw, "/virtual-keys", "{\"team_id\":\"research\"}").get("key").asText();
            assertThat(status(gw, one, "gpt-4o")).isEqualTo(200);
            awaitSpend(gw, "/teams/research", 0.4);
            assertThat(status(gw, two, "gpt-4o")).isEqualTo(200);
            awaitSpend(gw, "/teams/research", 0.8);
            assertThat(raw(gw, one, "gpt-4o").body()).contains("budget_exceeded");
            assertThat(raw(gw, two, "gpt-4o").body()).contains("budget_exceeded");
            JsonNode team = SdkCalls.json(admin(gw, "GET", "/teams/research", null).body());
            assertThat(team.get("key_count").asInt()).isEqualTo(2);
            HttpResponse<String> conflict = admin(gw, "DELETE", "/teams/research", null);
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(conflict.body()).contains("\"code\":\"conflict\"");
            assertThatThrownBy(() -> chat(gw, two, "gpt-4o")).isInstanceOf(OpenAIServiceException.class);
        }
    }
}
