package io.llmgateway.adapters.bedrock;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.scan;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.codec.spi.AwsCredentials;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regression: {@code /v1/responses} and {@code /v1/messages} reach Bedrock through its chat
 * translation, which lost the key's AWS credential, so the secret access key went out as a bearer
 * token instead of signing the request.
 */
class BedrockOverChatTest {

    private static final AwsCredentials AWS = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "session-token-example");
    private static final ProviderSettings CONVERSE = new ProviderSettings("bedrock", "bedrock", true,
            "bedrock-runtime.us-east-1.amazonaws.com", 443, "", Map.of(), Map.of(), null, Map.of(), false, null,
            null, "us-east-1", null, BedrockAdapter.API_CONVERSE);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RESPONSES|{\"model\":\"m\",\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"json_object\"}}}",
        "MESSAGES|{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
    })
    void aKeyWithAnAwsCredentialSignsWhateverTheClientsApi(Endpoint endpoint, String body) throws Exception {
        ByteBuf in = buf(body);
        UpstreamCall call;
        try {
            call = Adapters.forType("bedrock").prepare(new OutboundRequest(endpoint, CONVERSE,
                    "anthropic.claude-sonnet-4-5-20250929-v1:0", AWS.secretAccessKey(), in, scan(in), ALLOC, AWS));
        } finally {
            in.release();
        }
        call.release();

        Map<String, String> headers = new LinkedHashMap<>();
        call.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
        assertThat(headers.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .doesNotContain(AWS.secretAccessKey());
        assertThat(headers.get("x-amz-security-token")).isEqualTo("session-token-example");
        assertThat(call.pathAndQuery()).endsWith("/converse");
    }
}
