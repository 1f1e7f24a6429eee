package io.llmgateway.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.bench.testing.Await;
import io.llmgateway.bench.testing.RawHttp;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each injected status and fault, observed on the wire. */
class MockUpstreamFaultsTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final String STREAM_BODY = "{\"model\":\"gpt-4o\",\"stream\":true}";
    private static final String BODY = "{\"model\":\"gpt-4o\"}";

    private static MockUpstream mock;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.builder().chunks(6).build());
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    @BeforeEach
    void reset() {
        Await.until("previous connections closed", () -> mock.counters().openConnections() == 0);
        mock.counters().reset();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 404, 429, 500, 503, 529})
    void injectedStatusAnswersWithAnOpenAiErrorBody(int status) throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            RawHttp.Response response = http.post(CHAT, Map.of(MockHeaders.STATUS, Integer.toString(status)),
                    STREAM_BODY).readResponse();

            assertThat(response.status()).isEqualTo(status);
            assertThat(response.header("content-type")).isEqualTo("application/json");
            assertThat(response.header("retry-after")).isEqualTo(status == 429 ? "1" : null);
            assertThat(errorFields(response.body())).containsOnlyKeys("message", "type", "param", "code");
        }
    }

    @Test
    void disconnectMidStreamSendsSomeEventsThenClosesWithoutDone() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            http.post(CHAT, Map.of(MockHeaders.FAULT, "disconnect-mid-stream"), STREAM_BODY);
            RawHttp.Head head = http.readHead();
            String rest = http.readToEof();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.chunked()).isTrue();
            assertThat(rest).contains("gpt-4o:0 ").contains("gpt-4o:2 ").doesNotContain("gpt-4o:3 ");
            assertThat(rest).doesNotContain("[DONE]").doesNotEndWith("0\r\n\r\n");
        }
        assertThat(mock.counters().cancelledStreams()).isZero();
    }

    @Test
    void errorMidStreamEndsTheResponseWithOneErrorEventAndNoDone() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            RawHttp.Response response = http.post(CHAT, Map.of(MockHeaders.FAULT, "error-mid-stream"), STREAM_BODY)
                    .readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("gpt-4o:2 ").doesNotContain("gpt-4o:3 ").doesNotContain("[DONE]")
                    .endsWith("data: {\"error\":{\"message\":\"The server had an error while processing your request. "
                            + "Sorry about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");
        }
        Await.until("connection closed", () -> mock.counters().openConnections() == 0);
        assertThat(mock.counters().cancelledStreams()).isZero();
        assertThat(mock.counters().completedStreams()).isZero();
    }

    @Test
    void stallMidStreamSendsSomeEventsThenFallsSilentWithTheConnectionOpen() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            http.post(CHAT, Map.of(MockHeaders.FAULT, "stall-mid-stream"), STREAM_BODY);
            assertThat(http.readHead().status()).isEqualTo(200);
            assertThat(http.readChunk()).contains("\"role\":\"assistant\"");
            for (int i = 0; i < 3; i++) {
                assertThat(http.readChunk()).contains("gpt-4o:" + i + " ");
            }
            http.timeout(200);

            assertThatThrownBy(http::read).as("silent, not closed").isInstanceOf(SocketTimeoutException.class);
        }
        Await.until("cancelled stream counted", () -> mock.counters().cancelledStreams() == 1);
    }

    @Test
    void stallMidStreamSendsHalfAJsonBodyThenFallsSilent() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            http.post(CHAT, Map.of(MockHeaders.FAULT, "stall-mid-stream"), BODY);
            RawHttp.Head head = http.readHead();
            assertThat(head.status()).isEqualTo(200);
            int half = Integer.parseInt(head.header("content-length")) / 2;
            for (int i = 0; i < half; i++) {
                assertThat(http.read()).isNotEqualTo(-1);
            }
            http.timeout(200);

            assertThatThrownBy(http::read).as("silent, not closed").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void quoteKeyPutsThePresentedCredentialInTheErrorMessageAndAHeader() throws IOException {
        Map<String, String> headers = Map.of("authorization", "Bearer sk-SECRET/xyz+789=",
                MockHeaders.STATUS, "400", MockHeaders.QUOTE_KEY, "json-slash");
        try (RawHttp http = new RawHttp(mock.port())) {
            RawHttp.Response response = http.post(CHAT, headers, BODY).readResponse();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header(MockHeaders.KEY_ECHO)).isEqualTo("sk-SECRET\\/xyz+789=");
            assertThat(response.body()).contains("\"message\":\"Incorrect API key provided: sk-SECRET\\/xyz+789=.\"");
            assertThat(errorFields(response.body()).get("message"))
                    .isEqualTo("Incorrect API key provided: sk-SECRET/xyz+789=.");
        }
    }

    @Test
    void quoteKeyPutsThePresentedCredentialInTheMidStreamErrorEvent() throws IOException {
        Map<String, String> headers = Map.of("authorization", "Bearer sk-SECRET/xyz+789=",
                MockHeaders.FAULT, "error-mid-stream", MockHeaders.QUOTE_KEY, "json-unicode");
        try (RawHttp http = new RawHttp(mock.port())) {
            RawHttp.Response response = http.post(CHAT, headers, STREAM_BODY).readResponse();

            assertThat(response.header(MockHeaders.KEY_ECHO)).startsWith("\\u0073\\u006b\\u002d");
            assertThat(response.body()).contains("gpt-4o:2 ").contains("data: {\"error\":{\"message\":"
                    + "\"Incorrect API key provided: \\u0073\\u006b\\u002d\\u0053");
        }
    }

    @Test
    void quoteKeyWithoutACredentialIsA400NamingTheHeader() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            RawHttp.Response response = http.post(CHAT, Map.of(MockHeaders.QUOTE_KEY, "raw"), BODY).readResponse();

            assertThat(response.status()).isEqualTo(400);
            assertThat(errorFields(response.body()).get("message")).startsWith("x-mock-quote-key: raw (expected: a "
                    + "request presenting a credential");
        }
    }

    @Test
    void disconnectMidStreamCutsAJsonBodyShort() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            http.post(CHAT, Map.of(MockHeaders.FAULT, "disconnect-mid-stream"), BODY);
            RawHttp.Head head = http.readHead();
            String rest = http.readToEof();

            assertThat(head.status()).isEqualTo(200);
            assertThat(rest.length()).isLessThan(Integer.parseInt(head.header("content-length")));
        }
    }

    @Test
    void slowFirstByteDelaysTheHeadThenAnswers() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            RawHttp.Response response = http.post(CHAT,
                    Map.of(MockHeaders.FAULT, "slow-first-byte", MockHeaders.SLOW_FIRST_BYTE_MS, "50"),
                    BODY).readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("\"chat.completion\"");
        }
    }

    @Test
    void slowFirstByteByDefaultOutlastsAShortClientTimeout() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            http.timeout(200).post(CHAT, Map.of(MockHeaders.FAULT, "slow-first-byte"), BODY);

            assertThatThrownBy(http::read).isInstanceOf(SocketTimeoutException.class);
        }
        Await.until("abandoned request counted", () -> mock.counters().abandonedRequests() == 1);
    }

    @Test
    void closeBeforeResponseClosesWithoutAByte() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            http.post(CHAT, Map.of(MockHeaders.FAULT, "close-before-response"), BODY);

            assertThat(http.read()).isEqualTo(-1);
        }
        assertThat(mock.counters().requests(CHAT)).isEqualTo(1);
        assertThat(mock.counters().abandonedRequests()).isZero();
    }

    @Test
    void hangNeverAnswersAndCountsTheClientLeaving() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            http.timeout(200).post(CHAT, Map.of(MockHeaders.FAULT, "hang"), STREAM_BODY);

            assertThatThrownBy(http::read).isInstanceOf(SocketTimeoutException.class);
        }
        Await.until("abandoned request counted", () -> mock.counters().abandonedRequests() == 1);
        assertThat(mock.counters().cancelledStreams()).isZero();
    }

    @Test
    void clientClosingMidStreamIsACancelledStream() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            http.post(CHAT, Map.of(MockHeaders.CHUNK_INTERVAL_MS, "60000"), STREAM_BODY);
            http.readHead();
            assertThat(http.readChunk()).contains("\"role\":\"assistant\"");
        }
        Await.until("cancelled stream counted", () -> mock.counters().cancelledStreams() == 1);
        assertThat(mock.counters().completedStreams()).isZero();
    }

    @Test
    void completedStreamIsNotACancelledOne() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            RawHttp.Response response = http.post(CHAT, STREAM_BODY).readResponse();
            assertThat(response.body()).endsWith("data: [DONE]\n\n");
        }
        Await.until("connection closed", () -> mock.counters().openConnections() == 0);
        assertThat(mock.counters().completedStreams()).isEqualTo(1);
        assertThat(mock.counters().cancelledStreams()).isZero();
    }

    @Test
    void badMockHeaderIsA400NamingIt() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            RawHttp.Response response = http.post(CHAT, Map.of(MockHeaders.FAULT, "explode"), BODY).readResponse();

            assertThat(response.status()).isEqualTo(400);
            assertThat(errorFields(response.body()).get("message")).startsWith("x-mock-fault: explode (expected: none,");
        }
    }

    @Test
    void unknownPathIs404AndBadJsonIs400() throws IOException {
        try (RawHttp http = new RawHttp(mock.port())) {
            assertThat(http.post("/v1/nope", BODY).readResponse().status()).isEqualTo(404);
            assertThat(http.post(CHAT, "{not json").readResponse().status()).isEqualTo(400);
        }
    }

    @Test
    void headerWinsOverTheServerWideFault() throws IOException {
        try (MockUpstream hanging = MockUpstream.start(MockOptions.builder().fault(MockFault.HANG).build());
             RawHttp http = new RawHttp(hanging.port())) {
            RawHttp.Response response = http.post(CHAT, Map.of(MockHeaders.FAULT, "none"), BODY).readResponse();

            assertThat(response.status()).isEqualTo(200);
        }
    }

    /** The members of {@code {"error":{...}}}, values as text. */
    static Map<String, String> errorFields(String body) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(body)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(p.nextFieldName()).isEqualTo("error");
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                fields.put(name, value == JsonToken.VALUE_NULL ? null : p.getText());
            }
            assertThat(p.nextToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(p.nextToken()).isNull();
        }
        return fields;
    }
}
