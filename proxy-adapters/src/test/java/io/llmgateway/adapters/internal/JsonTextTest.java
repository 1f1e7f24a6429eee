package io.llmgateway.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

    private static String copied(String escaped) {
        byte[] b = escaped.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = Unpooled.buffer();
        try {
            JsonText.writeString(out, b, 0, b.length);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static String encoded(String text) throws IOException {
        ByteBuf out = Unpooled.buffer();
        try {
            StreamScratch.get().writeString(out, text);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    /** A text as jackson escapes it, copied, is the bytes jackson writes for the text. */
    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "quote \" backslash \\ newline \n tab \t nul \u0000 unit \u001f",
        "é — 日本語", "emoji 😀 and 🇫🇷 flags", "😀", "a😀b😀c", "\u007f \u2028"})
    void copyingAnEscapedTextWritesWhatEncodingItWould(String text) throws IOException {
        String escaped = encoded(text);
        String content = escaped.substring(1, escaped.length() - 1);
        assertThat(copied(content)).isEqualTo(escaped);
        assertThat(JsonText.unescape(content.getBytes(StandardCharsets.UTF_8), 0,
                content.getBytes(StandardCharsets.UTF_8).length)).isEqualTo(text);
    }

    @Test
    void aProvidersOwnEscapesAreKept() {
        assertThat(copied("caf\\u00e9 \\/ 😀")).isEqualTo("\"caf\\u00e9 \\/ \\uD83D\\uDE00\"");
    }

    @Test
    void unescapeResolvesEveryJsonEscape() throws IOException {
        byte[] b = "\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00x".getBytes(StandardCharsets.US_ASCII);
        assertThat(JsonText.unescape(b, 0, b.length)).isEqualTo("\"\\/\b\f\n\r\té😀x");
        byte[] bad = "\\x".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> JsonText.unescape(bad, 0, bad.length)).isInstanceOf(IOException.class)
                .hasMessageContaining("\\x");
    }

    @Test
    void escapedTextGrowsByFragmentsAndWritesTheirConcatenation() throws IOException {
        EscapedText t = new EscapedText(2);
        byte[] a = "Hel\\\"".getBytes(StandardCharsets.UTF_8);
        t.append(a, 0, a.length);
        t.append("lo 😀\n", StreamScratch.get());
        ByteBuf out = Unpooled.buffer();
        try {
            t.writeString(out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(encoded("Hel\"lo 😀\n"));
        } finally {
            out.release();
        }
        assertThat(t.isEmpty()).isFalse();
    }
}
