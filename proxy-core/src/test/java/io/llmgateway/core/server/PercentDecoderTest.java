package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link PercentDecoder}: RFC 3986 path decoding, strict about malformed escapes and UTF-8. */
class PercentDecoderTest {

    @Test
    void decodesEscapesOfEitherCase() {
        assertThat(PercentDecoder.decode("openai%2Fgpt-4o")).isEqualTo("openai/gpt-4o");
        assertThat(PercentDecoder.decode("openai%2fgpt-4o")).isEqualTo("openai/gpt-4o");
        assertThat(PercentDecoder.decode("caf%C3%A9")).isEqualTo("café");
        assertThat(PercentDecoder.decode("100%25")).isEqualTo("100%");
    }

    @Test
    void leavesPlainTextAndPlusAlone() {
        String plain = "openai/gpt-4o";
        assertThat(PercentDecoder.decode(plain)).isSameAs(plain);
        assertThat(PercentDecoder.decode("a+b%20c")).isEqualTo("a+b c");
    }

    @Test
    void rejectsMalformedEscapesAndBytesThatAreNotUtf8() {
        assertThat(PercentDecoder.decode("gpt%2")).isNull();
        assertThat(PercentDecoder.decode("gpt%")).isNull();
        assertThat(PercentDecoder.decode("gpt%zz")).isNull();
        assertThat(PercentDecoder.decode("gpt%FF")).isNull();
    }
}
