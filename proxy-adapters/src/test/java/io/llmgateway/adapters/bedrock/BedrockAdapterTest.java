package io.llmgateway.adapters.bedrock;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.assertJsonEquals;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static io.llmgateway.adapters.testing.TestRequests.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.adapters.testing.Streams;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BedrockAdapterTest {

    private final BedrockAdapter adapter = new BedrockAdapter();

    private static ProviderSettings bedrock(String host, String basePath, String region) {
        return settings("bedrock", host, basePath, Map.of(), Map.of(), null, Map.of(), false, null, null, region, null);
    }

    @Test
    void chatGoesToTheOpenAiPathWithBearerAndSplicedModel() throws Exception {
        ByteBuf body = buf("{\"model\":\"gpt-oss\",\"messages\":[]}");
        try {
            UpstreamCall call = adapter.prepare(request(Endpoint.CHAT_COMPLETIONS,
                    bedrock("bedrock-runtime.us-west-2.amazonaws.com", "", "us-west-2"), "openai.gpt-oss-20b-1:0", "br-key", body));
            try {
                assertThat(call.pathAndQuery()).isEqualTo("/openai/v1/chat/completions");
                assertThat(call.headers()).containsExactly(Map.entry("authorization", "Bearer br-key"));
                assertThat(string(call.body())).isEqualTo("{\"model\":\"openai.gpt-oss-20b-1:0\",\"messages\":[]}");
            } finally {
                call.release();
            }
        } finally {
            body.release();
        }
        assertThat(BedrockAdapter.defaultBaseUrl("eu-central-1"))
                .isEqualTo("https://bedrock-runtime.eu-central-1.amazonaws.com/openai/v1");
    }

    @Test
    void onlyChatIsSupported() {
        assertThat(adapter.supports(Endpoint.CHAT_COMPLETIONS)).isTrue();
        assertThat(adapter.supports(Endpoint.EMBEDDINGS)).isFalse();
        assertThat(adapter.supports(Endpoint.COMPLETIONS)).isFalse();
    }

    @Test
    void validateChecksRegionAgainstHost() {
        assertThat(adapter.validate(bedrock("bedrock-runtime.us-east-1.amazonaws.com", "/openai/v1", "us-west-2")))
                .containsExactly("region: us-west-2 does not match base_url host bedrock-runtime.us-east-1.amazonaws.com");
        assertThat(adapter.validate(bedrock("proxy.corp", "", null)))
                .containsExactly("region: required unless base_url points at a bedrock-runtime host (got proxy.corp)");
        assertThat(adapter.validate(bedrock("bedrock-runtime.us-east-1.amazonaws.com", "", null))).isEmpty();
    }

    @Test
    void cachedTokensAreReadFromTheBodyAndTheUsageChunkAndAStreamIsNotAskedForUsage() throws Exception {
        ByteBuf request = buf("{\"model\":\"m\",\"stream\":true}");
        UpstreamCall call;
        try {
            call = adapter.prepare(request(Endpoint.CHAT_COMPLETIONS,
                    bedrock("bedrock-runtime.us-east-1.amazonaws.com", "", null), "m", "k", request));
            assertThat(call.usageAdded()).as("Bedrock's OpenAI endpoint is not known to take stream_options").isFalse();
            assertThat(string(call.body())).isEqualTo("{\"model\":\"m\",\"stream\":true}");
            call.release();
        } finally {
            request.release();
        }
        String usageChunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
                + "{\"prompt_tokens\":1401,\"completion_tokens\":65,\"total_tokens\":1466,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1024}}}\n\n";
        Streams.Result r = Streams.translate(call.translator(), List.of(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"hi\"}}]}\n\n", usageChunk, "data: [DONE]\n\n"));
        assertThat(r.complete()).isTrue();
        assertThat(r.text()).contains(usageChunk);
        assertThat(call.translator().usage()).isEqualTo(Usage.of(1401, 65, 1466, 1024));
    }

    @Test
    void awsErrorsBecomeOpenAiShaped() throws Exception {
        ByteBuf body = buf("{\"model\":\"m\"}");
        UpstreamCall call;
        try {
            call = adapter.prepare(request(Endpoint.CHAT_COMPLETIONS,
                    bedrock("bedrock-runtime.us-east-1.amazonaws.com", "", null), "m", "k", body));
            call.release();
        } finally {
            body.release();
        }
        ByteBuf in = buf("{\"message\": \"Too many tokens, please wait before trying again.\"}");
        UpstreamError e = call.translator().translateError(429,
                Map.of("x-amzn-errortype", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")::get, in, ALLOC);
        in.release();
        assertThat(e.status()).isEqualTo(429);
        assertJsonEquals(drain(e.body()), "{\"error\":{\"message\":\"bedrock: Too many tokens, please wait before trying "
                + "again.\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");

        assertThat(e.classification()).isEqualTo(new ErrorClassification("rate_limit_exceeded", false));

        in = buf("{\"message\": \"Input is too long for requested model.\"}");
        e = call.translator().translateError(400, name -> null, in, ALLOC);
        in.release();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.classification()).isEqualTo(new ErrorClassification("context_length_exceeded", true));
        assertJsonEquals(drain(e.body()), "{\"error\":{\"message\":\"bedrock: Input is too long for requested model.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}");
    }
}
