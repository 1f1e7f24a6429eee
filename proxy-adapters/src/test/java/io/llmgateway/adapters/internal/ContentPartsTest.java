package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.TreeInput.object;
import static io.llmgateway.adapters.internal.TreeInput.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentPartsTest {

    /** Writes each part as a one-entry map naming what the walker asked for. */
    private static final ContentParts.Writer WRITER = new ContentParts.Writer() {
        @Override
        public Map<String, Object> text(String text) {
            return Map.of("text", text);
        }

        @Override
        public Map<String, Object> image(String url, String param) {
            return Map.of("image", url + " @ " + param);
        }

        @Override
        public Map<String, Object> file(Map<String, Object> part, String param) {
            return Map.of("file", param);
        }

        @Override
        public Map<String, Object> audio(Map<String, Object> part, String param) throws RequestRejectedException {
            throw Requests.reject(param + ".type", "no audio here");
        }

        @Override
        public String userPartTypes() {
            return "text, image_url or file";
        }
    };

    @Test
    void textContentDropsEmptyTextAndRefusals() throws Exception {
        assertThat(ContentParts.text("hi", "m", WRITER)).containsExactly(Map.of("text", "hi"));
        assertThat(ContentParts.text("", "m", WRITER)).isEmpty();
        assertThat(ContentParts.text(null, "m", WRITER)).isEmpty();
        assertThat(ContentParts.text(JsonTree.NULL, "m", WRITER)).isEmpty();
        Object parts = value("[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"\"},"
                + "{\"type\":\"refusal\",\"refusal\":\"no\"},{\"type\":\"text\",\"text\":\"b\"}]");
        assertThat(ContentParts.text(parts, "m", WRITER)).containsExactly(Map.of("text", "a"), Map.of("text", "b"));
    }

    @Test
    void textContentRefusesOtherShapesNamingThePart() {
        assertThatThrownBy(() -> ContentParts.text(value("3"), "messages[0].content", WRITER))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("messages[0].content: expected a string or an array of content parts");
        assertThatThrownBy(() -> ContentParts.text(value("[{\"type\":\"image_url\"}]"), "messages[0].content", WRITER))
                .hasMessage("messages[0].content[0].type: image_url (expected: text)")
                .extracting(e -> ((RequestRejectedException) e).param()).isEqualTo("messages[0].content[0].type");
        assertThatThrownBy(() -> ContentParts.text(value("[\"x\"]"), "c", WRITER)).hasMessage("c[0]: expected an object");
        assertThatThrownBy(() -> ContentParts.text(value("[{\"type\":\"text\",\"text\":1}]"), "c", WRITER))
                .hasMessage("c[0].text: expected a string");
    }

    @Test
    void userContentHandsEachPartToTheWriter() throws Exception {
        Object parts = value("[{\"type\":\"text\",\"text\":\"q\"},{\"type\":\"image_url\",\"image_url\":\"https://x/a.png\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}},{\"type\":\"file\"}]");
        List<Object> out = ContentParts.user(parts, "messages[1].content", WRITER);
        assertThat(out).containsExactly(Map.of("text", "q"),
                Map.of("image", "https://x/a.png @ messages[1].content[1]"),
                Map.of("image", "data:image/png;base64,AA== @ messages[1].content[2]"),
                Map.of("file", "messages[1].content[3]"));
        assertThat(ContentParts.user("plain", "m", WRITER)).containsExactly(Map.of("text", "plain"));
    }

    @Test
    void userContentRefusesWhatTheWriterCannotTake() {
        assertThatThrownBy(() -> ContentParts.user(value("[{\"type\":\"input_audio\"}]"), "c", WRITER))
                .hasMessage("c[0].type: no audio here");
        assertThatThrownBy(() -> ContentParts.user(value("[{\"type\":\"video\"}]"), "c", WRITER))
                .hasMessage("c[0].type: video (expected: text, image_url or file)");
        assertThatThrownBy(() -> ContentParts.user(value("[{\"text\":\"x\"}]"), "c", WRITER))
                .hasMessage("c[0].type: missing");
        assertThatThrownBy(() -> ContentParts.user(value("[{\"type\":\"image_url\",\"image_url\":{}}]"), "c", WRITER))
                .hasMessage("c[0].image_url.url: missing");
        assertThatThrownBy(() -> ContentParts.user(value("{}"), "c", WRITER))
                .hasMessage("c: expected a string or an array of content parts");
    }

    @Test
    void userContentOfNothingIsEmpty() throws Exception {
        assertThat(ContentParts.user(null, "c", WRITER)).isEmpty();
        assertThat(ContentParts.user(object("{\"c\":[]}").get("c"), "c", WRITER)).isEmpty();
    }
}
