package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.KeyQuote;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.providers.AnthropicMock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An upstream that quotes the gateway's key — in an error body, a response header, a mid-stream
 * error event, escaped or encoded as a careless provider might — never gets it to the client: the
 * assertions read the raw bytes the client receives.
 *
 * <p>Regression (issue 10): a 400 quoting the key as {@code sk-SECRET\/xyz+789=} was relayed (the
 * filter matched the raw bytes only), {@code \}{@code uXXXX} escapes likewise, and response
 * headers and mid-stream error events were not checked at all.
 */
class SecretsIT {

    private static final String KEY = "sk-SECRET/xyz+789=";

    private static final String ANTHROPIC_KEY = "sk-ant-SECRET/abc+456=";

    private static MockUpstream upstream;
    private static MockUpstream anthropic;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(4).build());
        anthropic = AnthropicMock.builder().apiKey(ANTHROPIC_KEY).options(MockOptions.builder().chunks(4).build())
                .start();
        gateway = GatewayProcess.start(GatewayConfigs.withProviders("""
                - id: leaky
                  type: openai-compatible
                  base_url: "%1$s/v1"
                  keys:
                    - id: l1
                      secret: "%2$s"
                - id: leaky-openai
                  type: openai
                  base_url: "%1$s/v1"
                  keys:
                    - id: o1
                      secret: "%2$s"
                - id: leaky-claude
                  type: anthropic
                  base_url: "%3$s/v1"
                  keys:
                    - id: c1
                      secret: "%4$s"
                """.formatted(upstream.baseUrl(), KEY, anthropic.baseUrl(), ANTHROPIC_KEY), """
                leaky: leaky:gpt-4o
                leaky-responses: leaky-openai:gpt-4o
                leaky-claude: leaky-claude:claude-sonnet-4-5
                """));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
    }

    /** Everything the client receives for one request; the connection is closed after it. */
    private static String exchange(boolean stream, String mockHeaders) throws IOException {
        String body = "{\"model\":\"leaky\",\"stream\":" + stream + ",\"messages\":[]}";
        try (RawHttp http = new RawHttp(gateway.port())) {
            byte[] all = http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"
                    + mockHeaders + "Content-Length: " + body.length() + "\r\n\r\n" + body).readToClose()
                    .getBytes(StandardCharsets.UTF_8);
            return new String(all, StandardCharsets.ISO_8859_1);
        }
    }

    /** No form of the key in what the client received: neither the mock's quotes nor the plain ones. */
    private static void assertNoFormOfTheKey(String received) {
        assertThat(received).doesNotContain("SECRET").doesNotContain("xyz+789")
                .doesNotContain(Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
        for (KeyQuote form : KeyQuote.values()) {
            KeyQuote.Quoted q = form.quote(KEY);
            assertThat(received).as(form.headerValue()).doesNotContain(q.json()).doesNotContain(q.header());
        }
        assertThat(received).doesNotContainIgnoringCase(MockHeaders.KEY_ECHO);
    }

    @ParameterizedTest
    @EnumSource(KeyQuote.class)
    void aBadRequestQuotingTheKeyIsWithheldKeepingItsStatus(KeyQuote form) throws IOException {
        String r = exchange(false, "x-mock-status: 400\r\nx-mock-quote-key: " + form.headerValue() + "\r\n");

        assertThat(r).startsWith("HTTP/1.1 400 ").contains("\"error\":{\"message\":\"upstream 'leaky' answered HTTP 400 "
                + "(its message quoted a credential and is withheld)\"");
        assertNoFormOfTheKey(r);
    }

    @Test
    void aBadRequestNotQuotingTheKeyIsRelayedAsIs() throws IOException {
        String r = exchange(false, "x-mock-status: 400\r\n");

        assertThat(r).startsWith("HTTP/1.1 400 ").contains("Mock upstream answers 400 as asked");
    }

    @Test
    void aResponseHeaderCarryingTheKeyIsDroppedFromAStreamAndTheStreamIsUntouched() throws IOException {
        String r = exchange(true, "x-mock-quote-key: raw\r\n");

        assertThat(r).startsWith("HTTP/1.1 200 ").contains("gpt-4o:3 ").contains("data: [DONE]");
        assertNoFormOfTheKey(r);
    }

    @Test
    void aResponseHeaderCarryingTheKeyIsDroppedFromARelayedBody() throws IOException {
        String r = exchange(false, "x-mock-quote-key: basic\r\n");

        assertThat(r).startsWith("HTTP/1.1 200 ").contains("\"chat.completion\"");
        assertNoFormOfTheKey(r);
    }

    @ParameterizedTest
    @EnumSource(value = KeyQuote.class, names = {"JSON_SLASH", "JSON_UNICODE"})
    void aMidStreamErrorEventQuotingTheKeyIsReplacedByTheGatewaysOwn(KeyQuote form) throws IOException {
        String r = exchange(true, "x-mock-fault: error-mid-stream\r\nx-mock-quote-key: " + form.headerValue() + "\r\n");

        assertThat(r).startsWith("HTTP/1.1 200 ").contains("gpt-4o:1 ").doesNotContain("[DONE]");
        int error = r.indexOf("data: {\"error\":");
        assertThat(error).as("after the chunks relayed before it").isGreaterThan(r.indexOf("gpt-4o:1 "));
        assertThat(r.substring(error)).startsWith("data: {\"error\":{\"message\":\"upstream 'leaky' reported an error "
                + "(its message quoted a credential and is withheld)\",\"type\":\"server_error\",\"param\":null,"
                + "\"code\":\"upstream_error\"}}");
        assertThat(r.lastIndexOf("data: ")).as("the only error event, and the last").isEqualTo(error);
        assertNoFormOfTheKey(r);
    }

    /** Everything the client receives for one streamed POST of {@code body} to {@code path}; the connection is closed after it. */
    private static String streamed(String path, String headers, String body) throws IOException {
        try (RawHttp http = new RawHttp(gateway.port())) {
            byte[] all = http.send("POST " + path + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n" + headers
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .readToClose().getBytes(StandardCharsets.UTF_8);
            return new String(all, StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void anAnthropicErrorEventQuotingTheKeyOnMessagesIsReplacedByTheGatewaysOwnAnthropicEvent() throws IOException {
        String r = streamed("/v1/messages", "anthropic-version: 2023-06-01\r\nx-mock-fault: error-mid-stream\r\n"
                + "x-mock-quote-key: raw\r\n", "{\"model\":\"leaky-claude\",\"max_tokens\":64,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r).startsWith("HTTP/1.1 200 ").contains("event: content_block_delta")
                .contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
                        + "\"upstream 'leaky-claude' reported an error (its message quoted a credential and is withheld)\"}}")
                .doesNotContain("SECRET").doesNotContain("abc+456");
    }

    @Test
    void aResponsesErrorEventQuotingTheKeyIsReplacedByTheGatewaysOwnResponsesEvent() throws IOException {
        String r = streamed("/v1/responses", "x-mock-fault: error-mid-stream\r\nx-mock-quote-key: raw\r\n",
                "{\"model\":\"leaky-responses\",\"stream\":true,\"input\":\"Hi\"}");

        assertThat(r).startsWith("HTTP/1.1 200 ").contains("event: response.output_text.delta")
                .contains("event: error\ndata: {\"type\":\"error\",\"code\":\"upstream_error\",\"message\":\"upstream "
                        + "'leaky-openai' reported an error (its message quoted a credential and is withheld)\",\"param\":"
                        + "null,\"sequence_number\":");
        assertNoFormOfTheKey(r);
    }
}
