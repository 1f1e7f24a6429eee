package io.llmgateway.bench.mock.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.adapters.bedrock.SigV4Signer;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.RawHttp;
import io.llmgateway.codec.spi.AwsCredentials;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Bedrock mock on the wire: it recomputes each SigV4 signature and refuses as AWS does. */
class BedrockMockTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AwsCredentials AWS = new AwsCredentials("AKIDMOCKTEST", "mock-test-secret-key", null);
    private static final String PATH = "/model/anthropic.claude-x-v1%3A0/converse";
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}]}";

    private static MockUpstream mock;

    @BeforeAll
    static void start() {
        mock = BedrockMock.builder().credentials(AWS.accessKeyId(), AWS.secretAccessKey(), null)
                .options(MockOptions.builder().chunks(3).build()).start();
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    /** The SigV4 headers of {@code body} to {@code path} signed with {@code credentials}, as the gateway signs. */
    private static Map<String, String> signed(AwsCredentials credentials, String path, String body) {
        String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        String hash = SigV4Signer.sha256Hex(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        List<Map.Entry<String, String>> headers = List.of(Map.entry("host", "127.0.0.1"),
                Map.entry("x-amz-content-sha256", hash), Map.entry("x-amz-date", amzDate));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("x-amz-content-sha256", hash);
        out.put("x-amz-date", amzDate);
        out.put("authorization", SigV4Signer.authorization(credentials, BedrockMock.REGION, "bedrock", amzDate, "POST",
                SigV4Signer.canonicalUri(path), "", headers, hash));
        return out;
    }

    private static RawHttp.Response post(String path, Map<String, String> headers, String body) throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            return http.post(path, headers, body).readResponse();
        }
    }

    @Test
    void aCorrectlySignedRequestIsAnsweredInConversesShape() throws Exception {
        RawHttp.Response r = post(PATH, signed(AWS, PATH, HELLO), HELLO);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/output/message/content/0/text").asText()).startsWith("anthropic.claude-x-v1:0:0 ");
        assertThat(body.path("stopReason").asText()).isEqualTo("end_turn");
        assertThat(body.at("/usage/inputTokens").asInt()).isEqualTo(10);
    }

    @Test
    void aStreamIsAnAwsEventStream() throws Exception {
        String path = "/model/anthropic.claude-x-v1%3A0/converse-stream";
        RawHttp.Response r = post(path, signed(AWS, path, HELLO), HELLO);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/vnd.amazon.eventstream");
        assertThat(r.body()).contains(":event-type").contains("messageStart").contains("metadata");
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() throws Exception {
        RawHttp.Response r = post(PATH, signed(new AwsCredentials(AWS.accessKeyId(), "not-the-secret", null), PATH,
                HELLO), HELLO);

        assertRefused(r, 403, "InvalidSignatureException", "The request signature we calculated does not match");
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() throws Exception {
        RawHttp.Response r = post(PATH, signed(AWS, PATH, HELLO), HELLO.replace("Hello", "Hallo"));

        assertRefused(r, 400, "InvalidSignatureException", "x-amz-content-sha256");
    }

    @Test
    void aSignatureForAnotherPathIsRefused() throws Exception {
        RawHttp.Response r = post(PATH, signed(AWS, "/model/other/converse", HELLO), HELLO);

        assertRefused(r, 403, "InvalidSignatureException", "does not match");
    }

    @Test
    void anUnknownAccessKeyOrNoCredentialIsRefused() throws Exception {
        assertRefused(post(PATH, signed(new AwsCredentials("AKIDOTHER", AWS.secretAccessKey(), null), PATH, HELLO),
                HELLO), 403, "UnrecognizedClientException", "security token included in the request is invalid");
        assertRefused(post(PATH, Map.of(), HELLO), 403, "MissingAuthenticationTokenException", "Missing");
    }

    @Test
    void whatConverseRefusesIsAValidationException() throws Exception {
        String withModel = "{\"model\":\"m\"," + HELLO.substring(1);
        assertRefused(post(PATH, signed(AWS, PATH, withModel), withModel), 400, "ValidationException",
                "extraneous key [model]");
        String assistantFirst = "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"text\":\"Hi\"}]}]}";
        assertRefused(post(PATH, signed(AWS, PATH, assistantFirst), assistantFirst), 400, "ValidationException",
                "must start with a user message");
    }

    private static void assertRefused(RawHttp.Response r, int status, String type, String message) throws IOException {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("x-amzn-errortype")).startsWith(type + ":");
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains(message);
    }
}
