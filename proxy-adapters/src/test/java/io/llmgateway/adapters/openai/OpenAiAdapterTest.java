package io.llmgateway.adapters.openai;

import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static io.llmgateway.adapters.testing.TestRequests.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OpenAiAdapterTest {

    private final OpenAiAdapter adapter = new OpenAiAdapter();

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void passesEveryEndpointThroughUnderTheBasePath(Endpoint endpoint) {
        ByteBuf body = buf("{\"model\":\"gpt-4o\",\"messages\":[]}");
        try {
            UpstreamCall call = adapter.prepare(request(endpoint, settings("openai", "openai", "api.openai.com", "/v1"),
                    "gpt-4o", "sk-test", body));
            try {
                assertThat(call.method()).isEqualTo("POST");
                assertThat(call.pathAndQuery()).isEqualTo("/v1" + endpoint.suffix());
                assertThat(call.headers()).containsExactly(Map.entry("authorization", "Bearer sk-test"));
                assertThat(call.passThrough()).isTrue();
                assertThat(string(call.body())).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":[]}");
            } finally {
                call.release();
            }
            assertThat(body.refCnt()).isEqualTo(1);
        } finally {
            body.release();
        }
    }

    @Test
    void splicesTheUpstreamModelWhenTheAliasDiffers() {
        ByteBuf body = buf("{ \"stream\":true, \"model\" : \"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        try {
            UpstreamCall call = adapter.prepare(request(Endpoint.CHAT_COMPLETIONS,
                    settings("vllm", "openai-compatible", "vllm.local", "/v1"), "meta/llama-3\"x", "k", body));
            try {
                assertThat(string(call.body())).isEqualTo(
                        "{ \"stream\":true, \"model\" : \"meta/llama-3\\\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            } finally {
                call.release();
            }
            assertThat(body.refCnt()).isEqualTo(1);
        } finally {
            body.release();
        }
    }

    private UpstreamCall prepareStream(String type, Endpoint endpoint, String json) {
        ByteBuf body = buf(json);
        try {
            return adapter.prepare(request(endpoint, settings("p", type, "h", "/v1"), "gpt-4o", "k", body));
        } finally {
            body.release();
        }
    }

    @Test
    void openAiIsAskedForTheUsageOfAStreamWhoseClientDidNotAsk() {
        UpstreamCall call = prepareStream("openai", Endpoint.CHAT_COMPLETIONS, "{\"model\":\"fast\",\"stream\":true}");
        try {
            assertThat(call.usageAdded()).isTrue();
            assertThat(string(call.body())).isEqualTo("{\"stream_options\":{\"include_usage\":true},\"model\":\"gpt-4o\","
                    + "\"stream\":true}");
        } finally {
            call.release();
        }
        UpstreamCall legacy = prepareStream("openai", Endpoint.COMPLETIONS, "{\"model\":\"gpt-4o\",\"stream\":true}");
        try {
            assertThat(legacy.usageAdded()).isTrue();
            assertThat(string(legacy.body())).startsWith("{\"stream_options\":{\"include_usage\":true},");
        } finally {
            legacy.release();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "openai | {\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
        "openai | {\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":false}}",
        "openai | {\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":null}",
        "openai | {\"model\":\"gpt-4o\",\"stream\":false}",
        "openai-compatible | {\"model\":\"gpt-4o\",\"stream\":true}"})
    void otherwiseTheBodyIsTheClients(String type, String json) {
        UpstreamCall call = prepareStream(type, Endpoint.CHAT_COMPLETIONS, json);
        try {
            assertThat(call.usageAdded()).isFalse();
            assertThat(string(call.body())).isEqualTo(json);
        } finally {
            call.release();
        }
        UpstreamCall embeddings = prepareStream("openai", Endpoint.EMBEDDINGS, "{\"model\":\"gpt-4o\",\"stream\":true}");
        try {
            assertThat(embeddings.usageAdded()).isFalse();
        } finally {
            embeddings.release();
        }
    }

    @Test
    void defaultsOpenAiBasePathAndAddsQueryAndExtraHeaders() {
        ProviderSettings p = new ProviderSettings("openai", "openai", true, "api.openai.com", 443, "",
                Map.of("OpenAI-Organization", "org-1"), Map.of("a b", "c&d"), null, Map.of(), false, null, null, null, null);
        ByteBuf body = buf("{\"model\":\"gpt-4o\"}");
        try {
            UpstreamCall call = adapter.prepare(request(Endpoint.EMBEDDINGS, p, "gpt-4o", "sk", body));
            call.release();
            assertThat(call.pathAndQuery()).isEqualTo("/v1/embeddings?a+b=c%26d");
            assertThat(call.headers()).containsExactly(Map.entry("authorization", "Bearer sk"),
                    Map.entry("OpenAI-Organization", "org-1"));
        } finally {
            body.release();
        }
    }

    @Test
    void compatibleHostKeepsItsPathAndSkipsAnEmptyKey() {
        ByteBuf body = buf("{\"model\":\"llama3\"}");
        try {
            OutboundRequest r = request(Endpoint.CHAT_COMPLETIONS, settings("ollama", "openai-compatible", "localhost", ""),
                    "llama3", "", body);
            UpstreamCall call = adapter.prepare(r);
            call.release();
            assertThat(call.pathAndQuery()).isEqualTo("/chat/completions");
            assertThat(call.headers()).isEmpty();
        } finally {
            body.release();
        }
    }

    @Test
    void validateRejectsApiKeyAuthMode() {
        ProviderSettings p = new ProviderSettings("o", "openai", true, "h", 443, "", Map.of(), Map.of(), null, Map.of(),
                false, null, null, null, "api_key");
        assertThat(adapter.validate(p)).containsExactly("auth_mode: api_key (expected: bearer for type openai)");
    }

    private ErrorClassification classify(int status, String body) {
        ByteBuf in = buf(body);
        try {
            return adapter.classifyError(status, name -> null, in);
        } finally {
            assertThat(in.refCnt()).as("borrowed").isEqualTo(1);
            in.release();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // OpenAI's own shape and code
        "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\",\"type\":\"invalid_request_error\","
                + "\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}|context_length_exceeded",
        // vLLM: no code, OpenAI's phrasing
        "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. However, you requested "
                + "5000 tokens.\",\"type\":\"BadRequestError\",\"code\":400}|",
        // not JSON at all
        "Prompt is too long for this model|",
    })
    void recognisesAContextLengthErrorInTheWordsOfEachHost(String body, String code) {
        assertThat(classify(400, body)).isEqualTo(new ErrorClassification(code, true));
    }

    @Test
    void classifiesOtherErrorsByTheirCodeWithoutClaimingAContextLengthError() {
        assertThat(classify(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}"))
                .isEqualTo(new ErrorClassification("rate_limit_exceeded", false));
        assertThat(classify(400, "{\"error\":{\"message\":\"'messages' is a required property\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":null}}")).isEqualTo(ErrorClassification.UNKNOWN);
        assertThat(classify(400, "{\"error\":{\"message\":\"the word context_length_exceeded in a message\"}}"))
                .as("only the code or the provider's phrasing counts").isEqualTo(ErrorClassification.UNKNOWN);
        assertThat(classify(502, "<html>Bad Gateway</html>")).isEqualTo(ErrorClassification.UNKNOWN);
        assertThat(classify(500, "")).isEqualTo(ErrorClassification.UNKNOWN);
    }
}
