package io.llmgateway.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCursorTest {

    private static final byte[] A = "a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] B = "b".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] N = "n".getBytes(StandardCharsets.US_ASCII);

    private static JsonCursor cursor(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return new JsonCursor().reset(b, 0, b.length);
    }

    private static String raw(JsonCursor c) {
        return new String(c.bytes(), c.stringStart(), c.stringLength(), StandardCharsets.UTF_8);
    }

    @Test
    void readsTheFieldsAskedForAndSkipsTheRest() throws IOException {
        JsonCursor c = cursor(" {\"x\":{\"deep\":[1,{\"q\":\"}]\"},null,true,false,-1.5e3]},\"a\":\"caf\\u00e9 \\\"q\\\"\","
                + "\"n\":-42,\"b\":\"plain é\"} \n");
        assertThat(c.enterObject()).isTrue();
        StringBuilder seen = new StringBuilder();
        while (c.nextField()) {
            if (c.fieldIs(A) && c.readString()) {
                seen.append("a=").append(raw(c)).append('|').append(c.stringValue()).append(';');
            } else if (c.fieldIs(B) && c.readString()) {
                seen.append("b=").append(raw(c)).append('|').append(c.stringValue()).append(';');
            } else if (c.fieldIs(N) && c.readLong()) {
                seen.append("n=").append(c.longValue()).append(';');
            } else {
                c.skipValue();
            }
        }
        c.end();
        assertThat(seen.toString()).isEqualTo("a=caf\\u00e9 \\\"q\\\"|café \"q\";n=-42;b=plain é|plain é;");
    }

    @Test
    void readsArraysElementByElement() throws IOException {
        JsonCursor c = cursor("[1, \"two\" ,{\"a\":3},[4]]");
        assertThat(c.enterArray()).isTrue();
        assertThat(c.nextElement()).isTrue();
        assertThat(c.readLong()).isTrue();
        assertThat(c.longValue()).isEqualTo(1);
        assertThat(c.nextElement()).isTrue();
        assertThat(c.readString()).isTrue();
        assertThat(raw(c)).isEqualTo("two");
        assertThat(c.nextElement()).isTrue();
        assertThat(c.enterObject()).isTrue();
        assertThat(c.nextField()).isTrue();
        assertThat(c.fieldIs(A)).isTrue();
        c.skipValue();
        assertThat(c.nextField()).isFalse();
        assertThat(c.nextElement()).isTrue();
        assertThat(c.enterObject()).as("an array is not an object: skipped").isFalse();
        assertThat(c.nextElement()).isFalse();
        c.end();
    }

    @Test
    void aValueOfAnotherTypeIsSkippedNotRead() throws IOException {
        JsonCursor c = cursor("{\"a\":null,\"b\":1.5,\"n\":\"7\"}");
        c.enterObject();
        c.nextField();
        assertThat(c.readString()).isFalse();
        c.nextField();
        assertThat(c.readLong()).as("a fraction is not an integer").isFalse();
        c.nextField();
        assertThat(c.readLong()).isFalse();
        assertThat(c.nextField()).isFalse();
        c.end();
    }

    @Test
    void opensWithFieldTestsTheFirstKeyOnly() {
        byte[] error = "\"error\"".getBytes(StandardCharsets.US_ASCII);
        assertThat(cursor(" {\t\"error\":{}}").opensWithField(error)).isTrue();
        assertThat(cursor("{\"id\":1,\"error\":{}}").opensWithField(error)).isFalse();
        assertThat(cursor("[\"error\"]").opensWithField(error)).isFalse();
        assertThat(cursor("{\"err").opensWithField(error)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":\"unterminated",
        "{\"a\":1",
        "{\"a\":[1,2",
        "{\"a\":\"raw\ncontrol\"}",
        "{\"a\":nul}",
        "{\"a\":tru}",
        "{\"a\":1} {\"b\":2}",
        "{\"a\" 1}",
        "{a:1}",
        "{\"a\":\"ends in a backslash\\",
    })
    void whatWouldMakeInvalidOutputIsRejected(String json) {
        assertThatThrownBy(() -> {
            JsonCursor c = cursor(json);
            if (c.enterObject()) {
                while (c.nextField()) {
                    c.skipValue();
                }
            }
            c.end();
        }).isInstanceOf(IOException.class);
    }
}
