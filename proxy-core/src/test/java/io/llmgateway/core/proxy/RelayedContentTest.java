package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text of relayed chunks, counted in characters: what a stream without usage is estimated from. */
class RelayedContentTest {

    private static long chars(String... events) {
        RelayedContent text = new RelayedContent();
        for (String e : events) {
            ByteBuf b = Unpooled.copiedBuffer(e, StandardCharsets.UTF_8);
            int reader = b.readerIndex();
            text.onEvent(b);
            assertThat(b.readerIndex()).as("borrowed: indexes untouched").isEqualTo(reader);
            b.release();
        }
        return text.chars();
    }

    @Test
    void countsTheTextOfContentReasoningRefusalToolArgumentsAndLegacyText() {
        assertThat(chars("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"}}]}\n\n"))
                .isEqualTo(5);
        assertThat(chars("data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"think\"}}]}\n\n",
                "data: {\"choices\":[{\"delta\":{\"refusal\":\"no\"}}]}\n\n",
                "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}}]}\n\n",
                "data: {\"choices\":[{\"text\":\"abc\",\"index\":0}],\"object\":\"text_completion\"}\n\n"))
                .as("5 + 2 + {\"city\":\"Paris\"} (16) + 3").isEqualTo(26);
    }

    @Test
    void ignoresEverythingElse() {
        assertThat(chars("data: {\"id\":\"chatcmpl-content\",\"object\":\"chat.completion.chunk\",\"model\":\"text\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":\"content\"}],"
                + "\"usage\":{\"prompt_tokens\":9}}\n\n", "data: [DONE]\n\n", ": keep-alive\n\n")).isZero();
        assertThat(chars("data: {\"note\":\"\\\"content\\\":\\\"not a key\\\"\",\"content\":\"ab\"}\n\n"))
                .as("a key inside a string value is not a key").isEqualTo(2);
    }

    @Test
    void escapesAndMultiByteCharactersCountAsOneCharacter() {
        assertThat(chars("data: {\"content\":\"a\\nb\\\"c\\u00e9\"}\n\n")).as("a, \\n, b, \\\", c, \\u00e9").isEqualTo(6);
        assertThat(chars("data: {\"content\":\"h\u00e9\u4e16\ud83d\ude00\"}\n\n")).as("h, é, 世, one emoji").isEqualTo(4);
        assertThat(chars("data: {\"content\" : \"spaced\"}\n\n")).isEqualTo(6);
    }

    @Test
    void aLongEventIsCountedWhole() {
        String filler = "x".repeat(70_000);
        String event = "data: {\"id\":\"" + filler + "\",\"choices\":[{\"delta\":{\"content\":\"a\\u00e9\\\"é"
                + "b".repeat(70_000) + "\"}}]}\n\n";
        assertThat(chars(event)).isEqualTo(4 + 70_000);
    }

    @Test
    void theSameWalkFindsAUsageObject() {
        for (String[] e : new String[][] {
            {"data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9}}\n\n", "true"},
            {"data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\" : { \"prompt_tokens\":9}}\n\n", "true"},
            {"data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\":null}\n\n", "false"},
            {"data: {\"choices\":[{\"delta\":{\"content\":\"\\\"usage\\\":{\"}}]}\n\n", "false"},
            {"data: {\"type\":\"usage\",\"x\":{}}\n\n", "false"}}) {
            ByteBuf b = Unpooled.copiedBuffer(e[0], StandardCharsets.UTF_8);
            try {
                assertThat(new RelayedContent().onEvent(b)).as(e[0]).isEqualTo(Boolean.parseBoolean(e[1]));
            } finally {
                b.release();
            }
        }
    }

    @Test
    void aCutEventCountsWhatCameOfItsText() {
        assertThat(chars("data: {\"content\":\"abc")).isEqualTo(3);
        assertThat(chars("data: {\"conte")).isZero();
    }

    @Test
    void tokensAreCharactersOverFourRoundedUp() {
        RelayedContent text = new RelayedContent();
        assertThat(text.completionTokens()).isZero();
        ByteBuf b = Unpooled.copiedBuffer("data: {\"content\":\"12345\"}\n\n", StandardCharsets.UTF_8);
        text.onEvent(b);
        b.release();
        assertThat(text.completionTokens()).isEqualTo(2);
    }
}
