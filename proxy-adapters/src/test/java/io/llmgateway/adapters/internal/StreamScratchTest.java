package io.llmgateway.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.testing.TestRequests;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StreamScratchTest {

    private static String readAll(String event) throws IOException {
        ByteBuf b = TestRequests.buf(event);
        try {
            StreamScratch s = StreamScratch.get();
            JsonParser p = s.parseEvent(b);
            if (p == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            StreamScratch.next(p);
            sb.append(JsonTree.toJson(JsonTree.read(p)));
            s.finish(p);
            return sb.toString();
        } finally {
            b.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "data: {\"a\":[1,\"x\"]}\n\n",
        "data:{\"a\":[1,\"x\"]}\r\n\r\n",
        "event: e\r\ndata: {\"a\":\r\ndata: [1,\"x\"]}\r\n\r\n",
        ": comment\rdata: {\"a\":\rdata: [1,\"x\"]}  \r\r",
        "id: 1\ndata: {\"a\":[1,\"x\"]}",
    })
    void readsDataLinesInEveryLineEnding(String event) throws IOException {
        assertThat(readAll(event)).isEqualTo("{\"a\":[1,\"x\"]}");
    }

    @Test
    void eventWithoutDataIsNull() throws IOException {
        assertThat(readAll(": keep-alive\n\n")).isNull();
        assertThat(readAll("event: ping\n\n")).isNull();
    }

    @Test
    void truncatedDocumentFailsAndTheParserRecovers() throws IOException {
        ByteBuf b = TestRequests.buf("data: {\"a\":\n\n");
        try {
            StreamScratch s = StreamScratch.get();
            JsonParser p = s.parseEvent(b);
            assertThatThrownBy(() -> {
                while (StreamScratch.next(p) != JsonToken.END_OBJECT) {
                    // read until it fails
                }
            }).isInstanceOf(IOException.class);
            s.discardParser();
        } finally {
            b.release();
        }
        assertThat(readAll("data: {\"b\":2}\n\n")).isEqualTo("{\"b\":2}");
    }

    @Test
    void walksTheFieldsOfAnObjectAndSkipsOtherValues() throws IOException {
        ByteBuf b = TestRequests.buf("data: {\"a\":1,\"b\":{\"c\":[2,{\"d\":3}]},\"e\":\"x\",\"f\":[4]}\n\n");
        try {
            StreamScratch s = StreamScratch.get();
            JsonParser p = s.parseEvent(b);
            assertThat(StreamScratch.enterObject(p, StreamScratch.next(p))).isTrue();
            StringBuilder seen = new StringBuilder();
            String name;
            while ((name = StreamScratch.nextField(p)) != null) {
                seen.append(name).append('=').append(p.currentToken()).append(' ');
                if (name.equals("f")) {
                    assertThat(StreamScratch.enterObject(p, p.currentToken())).as("an array is skipped").isFalse();
                } else {
                    StreamScratch.skip(p);
                }
            }
            s.finish(p);
            assertThat(seen.toString()).isEqualTo("a=VALUE_NUMBER_INT b=START_OBJECT e=VALUE_STRING f=START_ARRAY ");
        } finally {
            b.release();
        }
    }
}
