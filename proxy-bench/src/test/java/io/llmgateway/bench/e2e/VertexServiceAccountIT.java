package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.errors.InternalServerException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.mock.providers.GeminiMock;
import io.llmgateway.bench.mock.providers.GoogleTokenEndpoint;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vertex AI on a service account, end to end: the official OpenAI SDK through the real gateway jar
 * to the Gemini mock, whose token endpoint checks the gateway's signed JWT against the account's
 * public key and issues short-lived tokens ({@value #LIFETIME_SECONDS} s), and whose Vertex
 * endpoint takes only those, until they expire. The key pair and the key file are made here, at
 * test time. The gateway's {@link SecretLeakCheck} looks for the private key and every token issued.
 */
class VertexServiceAccountIT {

    private static final String EMAIL = "gateway@p-sa.iam.gserviceaccount.com";
    private static final String PROJECT = "p-sa";
    private static final String MODEL = "gemini-2.5-flash";
    private static final int PIECES = 4;
    private static final String TEXT = MockContent.full(MODEL, PIECES);
    private static final long LIFETIME_SECONDS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static KeyPair pair;
    private static GoogleTokenEndpoint tokens;
    private static MockUpstream mock;
    private static GatewayProcess gateway;
    private static OpenAIClient client;
    private static int closedPort;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        pair = g.generateKeyPair();
        tokens = new GoogleTokenEndpoint(pair.getPublic(), EMAIL, LIFETIME_SECONDS);
        mock = GeminiMock.builder().project(PROJECT).tokenEndpoint(tokens)
                .options(MockOptions.builder().chunks(PIECES).build()).start();
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: the token endpoint is down
        }
        Path good = Files.writeString(dir.resolve("sa.json"), keyFile(mock.baseUrl() + "/token"));
        Path down = Files.writeString(dir.resolve("sa-down.json"), keyFile("http://127.0.0.1:" + closedPort + "/token"));
        gateway = GatewayProcess.start(GatewayConfigs.withProviders("""
                - id: vertex
                  type: vertex
                  base_url: "%1$s"
                  project: "%2$s"
                  location: "us-central1"
                  keys:
                    - id: sa
                      credentials_file: "%3$s"
                - id: vertex-down
                  type: vertex
                  base_url: "%1$s"
                  project: "p-down"
                  location: "us-central1"
                  keys:
                    - id: sa-down
                      credentials_file: "%4$s"
                """.formatted(mock.baseUrl(), PROJECT, good, down), """
                vertex: vertex:%1$s
                vertex-down: vertex-down:%1$s
                """.formatted(MODEL)) + """
                logging:
                  include_content: true
                  file:
                    enabled: true
                    path: "%s"
                """.formatted(requestLog()));
        client = SdkCalls.client(gateway);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (gateway != null) {
                String pem = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
                gateway.treatAsSecret("the service account's private key", pem);
                for (int i = 0; i + 64 <= pem.length(); i += 64) {
                    gateway.treatAsSecret("line " + (i / 64 + 1) + " of the private key's PEM", pem.substring(i, i + 64));
                }
                List<String> issued = tokens.issuedTokens();
                for (int i = 0; i < issued.size(); i++) {
                    gateway.treatAsSecret("access token " + (i + 1) + " of the token endpoint", issued.get(i));
                }
                gateway.close();
            }
        } finally {
            if (mock != null) {
                mock.close();
            }
        }
    }

    private static Path requestLog() {
        return dir.resolve("logs/requests.log");
    }

    /** A service-account key file, as the Cloud console writes it. */
    private static String keyFile(String tokenUri) {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> file = new LinkedHashMap<>();
        file.put("type", "service_account");
        file.put("project_id", PROJECT);
        file.put("private_key_id", "6f1e0c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f");
        file.put("private_key", pem);
        file.put("client_email", EMAIL);
        file.put("client_id", "104857600000000000000");
        file.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        file.put("token_uri", tokenUri);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChatCompletion ask(String model) {
        return client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("Hello!").build());
    }

    private static List<RecordedRequest> vertexRequests() {
        return mock.recordedRequests().stream().filter(r -> r.uri().startsWith("/v1/projects/")).toList();
    }

    @Test
    void theFirstRequestWorksAndTokensAreRefreshedBeforeTheyExpire() {
        assertThat(ask("vertex").choices().get(0).message().content()).contains(TEXT);
        RecordedRequest first = vertexRequests().get(vertexRequests().size() - 1);
        assertThat(first.uri()).isEqualTo("/v1/projects/" + PROJECT + "/locations/us-central1/publishers/google/models/"
                + MODEL + ":generateContent");
        assertThat(first.header("authorization")).startsWith("Bearer ya29.mock-sa-");
        assertThat(tokens.issuedTokens()).contains(first.header("authorization").substring("Bearer ".length()));

        // Requests keep coming (one every 100 ms) while two more tokens are issued: each of them must
        // have gone out with a live token, since the mock answers 401 to an expired one.
        int exchangesBefore = tokens.exchanges();
        long[] lastAsked = {0};
        int[] answered = {0};
        Await.until("two token refreshes", Duration.ofSeconds(5 * LIFETIME_SECONDS + 10), () -> {
            if (System.nanoTime() - lastAsked[0] >= 100_000_000L) {
                lastAsked[0] = System.nanoTime();
                assertThat(ask("vertex").choices().get(0).message().content()).contains(TEXT);
                answered[0]++;
            }
            return tokens.exchanges() >= exchangesBefore + 2;
        });
        assertThat(answered[0]).isGreaterThan(1);
        assertThat(tokens.expiredUses()).as("requests sent with an expired token").isZero();
        assertThat(tokens.refusals()).as("assertions the token endpoint refused").isZero();
        assertThat(vertexRequests().stream().map(r -> r.header("authorization")).distinct().count())
                .as("distinct tokens the requests carried").isGreaterThanOrEqualTo(2);
    }

    @Test
    void streamsCarryTheTokenToo() {
        assertThat(SdkCalls.text(SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("vertex").addUserMessage("Count").build()))).isEqualTo(TEXT);
        assertThat(vertexRequests().get(vertexRequests().size() - 1).header("authorization"))
                .startsWith("Bearer ya29.mock-sa-");
    }

    @Test
    void aTokenEndpointThatIsDownIsAClear503AndNothingGoesUpstream() {
        assertThatThrownBy(() -> ask("vertex-down"))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.code()).contains("upstream_credentials_unavailable");
                    assertThat(e.getMessage()).contains("upstream 'vertex-down': no OAuth access token for service "
                            + "account " + EMAIL + ": token endpoint http://127.0.0.1:" + closedPort
                            + "/token: cannot connect");
                });
        assertThat(mock.recordedRequests()).noneMatch(r -> r.uri().contains("/projects/p-down/"));
    }

    @Test
    void aPydanticToolSchemaReachesVertexWithItsDefsInlined() throws Exception {
        String schema = "{\"$defs\":{\"Location\":{\"properties\":{\"city\":{\"description\":\"City name\","
                + "\"title\":\"City\",\"type\":\"string\"},\"country\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":"
                + "\"null\"}],\"default\":null,\"title\":\"Country\"}},\"required\":[\"city\"],\"title\":\"Location\","
                + "\"type\":\"object\"}},\"properties\":{\"location\":{\"$ref\":\"#/$defs/Location\",\"description\":"
                + "\"Where\"},\"days\":{\"default\":1,\"exclusiveMinimum\":0,\"maximum\":14,\"title\":\"Days\","
                + "\"type\":\"integer\"}},\"required\":[\"location\"],\"title\":\"WeatherQuery\",\"type\":\"object\"}";
        Map<String, JsonValue> parameters = new LinkedHashMap<>();
        JSON.readTree(schema).fields().forEachRemaining(e ->
                parameters.put(e.getKey(), JsonValue.from(JSON.convertValue(e.getValue(), Object.class))));
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("vertex").addUserMessage("Weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                        .name("get_weather").parameters(FunctionParameters.builder()
                                .additionalProperties(parameters).build()).build()).build())
                .build());

        assertThat(reply.choices().get(0).message().toolCalls()).hasValueSatisfying(c -> assertThat(c).hasSize(1));
        JsonNode sent = SdkCalls.json(vertexRequests().get(vertexRequests().size() - 1).body())
                .at("/tools/0/functionDeclarations/0/parameters");
        assertThat(sent.toString()).doesNotContain("$ref").doesNotContain("$defs").doesNotContain("exclusiveMinimum");
        assertThat(sent.at("/properties/location/properties/city/type").asText()).isEqualTo("string");
        assertThat(sent.at("/properties/location/properties/country/nullable").asBoolean()).isTrue();
        assertThat(sent.at("/properties/location/description").asText()).isEqualTo("Where");
    }

    /** Everything the client receives for one chat request with {@code mockHeaders}; the connection is closed after it. */
    private static String raw(boolean stream, String mockHeaders) throws IOException {
        String body = "{\"model\":\"vertex\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hello!\"}]}";
        try (RawHttp http = new RawHttp(gateway.port())) {
            return http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n" + mockHeaders
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .readToClose();
        }
    }

    /** The request log holds the exchange of {@code requestId}, as the client saw it. */
    private static String loggedExchange(String requestId) {
        String[] line = {null};
        Await.until("the request log line of " + requestId, Duration.ofSeconds(10), () -> {
            if (!Files.exists(requestLog())) {
                return false;
            }
            try {
                line[0] = Files.readAllLines(requestLog()).stream().filter(l -> l.contains(requestId)).findFirst()
                        .orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return line[0] != null;
        });
        return line[0];
    }

    private static String requestId(String response) {
        int at = response.toLowerCase(java.util.Locale.ROOT).indexOf("x-request-id: ");
        assertThat(at).as("x-request-id in " + response).isNotNegative();
        return response.substring(at + "x-request-id: ".length(), response.indexOf('\r', at));
    }

    @Test
    void anErrorQuotingTheAccessTokenIsWithheldFromTheClientAndTheRequestLog() throws Exception {
        String r = raw(false, "x-mock-status: 400\r\nx-mock-quote-key: raw\r\n");

        assertThat(r).startsWith("HTTP/1.1 400 ").contains("upstream 'vertex' answered HTTP 400 (its message quoted a "
                + "credential and is withheld)").doesNotContain("ya29.");
        assertThat(loggedExchange(requestId(r))).contains("\"status\":400").doesNotContain("ya29.");
    }

    @Test
    void aMidStreamErrorQuotingTheAccessTokenIsReplacedByTheGatewaysOwn() throws Exception {
        String r = raw(true, "x-mock-fault: error-mid-stream\r\nx-mock-quote-key: raw\r\n");

        assertThat(r).startsWith("HTTP/1.1 200 ").doesNotContain("ya29.").doesNotContain("[DONE]")
                .contains("data: {\"error\":{\"message\":\"upstream 'vertex' reported an error (its message quoted a "
                        + "credential and is withheld)\"");
        assertThat(loggedExchange(requestId(r))).doesNotContain("ya29.");
    }
}
