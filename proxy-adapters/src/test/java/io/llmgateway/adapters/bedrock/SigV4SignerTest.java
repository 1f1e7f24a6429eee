package io.llmgateway.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.AwsCredentials;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signer against AWS's published SigV4 vectors: the signing-key derivation example of the
 * SigV4 documentation and cases of the aws-sig-v4-test-suite (credentials AKIDEXAMPLE, date
 * 20150830T123600Z, region us-east-1, service "service").
 */
class SigV4SignerTest {

    private static final AwsCredentials EXAMPLE =
            new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static final String DATE = "20150830T123600Z";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final List<Map.Entry<String, String>> HEADERS =
            List.of(Map.entry("host", "example.amazonaws.com"), Map.entry("x-amz-date", DATE));

    @Test
    void theSigningKeyOfAwssDerivationExample() {
        byte[] key = SigV4Signer.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");

        assertThat(SigV4Signer.hex(key)).isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
        assertThat(SigV4Signer.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam"))
                .as("cached for the day").isSameAs(key);
    }

    @Test
    void getVanilla() {
        assertThat(sign("GET", "/", null)).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                + "aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void getVanillaQueryOrderKeyCase() {
        assertThat(sign("GET", "/", "Param2=value2&Param1=value1"))
                .endsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @Test
    void postVanilla() {
        assertThat(sign("POST", "/", null))
                .endsWith("Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void theCanonicalRequestOfGetVanillaIsAwss() {
        assertThat(SigV4Signer.canonicalRequest("GET", "/", "", HEADERS, "host;x-amz-date", EMPTY_SHA256)).isEqualTo("""
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
    }

    @Test
    void aBedrockModelPathIsEncodedTwice() {
        assertThat(SigV4Signer.canonicalUri("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse"))
                .isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse");
        assertThat(SigV4Signer.canonicalUri("")).isEqualTo("/");
        assertThat(SigV4Signer.canonicalQuery("b=2&a=x%20y&a=1")).isEqualTo("a=1&a=x%20y&b=2");
    }

    private static String sign(String method, String path, String query) {
        return SigV4Signer.authorization(EXAMPLE, "us-east-1", "service", DATE, method, SigV4Signer.canonicalUri(path),
                SigV4Signer.canonicalQuery(query), HEADERS, EMPTY_SHA256);
    }
}
