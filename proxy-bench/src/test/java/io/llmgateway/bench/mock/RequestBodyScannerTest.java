package io.llmgateway.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestBodyScannerTest {

    @Test
    void readsTheFieldsTheMockAnswersWith() throws IOException {
        RequestBodyScanner.Fields f = scan("{\"messages\":[{\"role\":\"user\",\"content\":\"{\\\"model\\\":1}\"}],"
                + "\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false,"
                + "\"include_usage\":true},\"tools\":[{\"type\":\"function\"}]}");

        assertThat(f).isEqualTo(new RequestBodyScanner.Fields("gpt-4o", true, true, 1, 0, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"input\":\"one\"}|1",
        "{\"input\":[\"a\",\"b\",\"c\"]}|3",
        "{\"input\":[1,2,3]}|1",
        "{\"input\":[[1,2],[3]]}|2",
    })
    void countsEmbeddingInputs(String body, int inputs) throws IOException {
        assertThat(scan(body).inputs()).isEqualTo(inputs);
    }

    @Test
    void readsEmbeddingOptions() throws IOException {
        RequestBodyScanner.Fields f = scan("{\"model\":\"e\",\"input\":\"x\",\"dimensions\":4,\"encoding_format\":\"base64\"}");

        assertThat(f.dimensions()).isEqualTo(4);
        assertThat(f.base64()).isTrue();
    }

    @Test
    void emptyBodyGivesDefaults() throws IOException {
        assertThat(scan("")).isEqualTo(RequestBodyScanner.Fields.EMPTY);
    }

    @Test
    void rejectsWhatIsNotAnObject() {
        assertThatThrownBy(() -> scan("[1]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> scan("{\"model\":")).isInstanceOf(IOException.class);
    }

    private static RequestBodyScanner.Fields scan(String json) throws IOException {
        ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            RequestBodyScanner.Fields fields = RequestBodyScanner.scan(buf);
            assertThat(buf.readerIndex()).isZero();
            return fields;
        } finally {
            buf.release();
        }
    }
}
