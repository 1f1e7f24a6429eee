package io.llmgateway.adapters.messages;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MessagesErrorsTest {

    @ParameterizedTest
    @CsvSource({"400,invalid_request_error", "401,authentication_error", "403,permission_error",
        "404,not_found_error", "413,request_too_large", "429,rate_limit_error", "500,api_error",
        "502,api_error", "503,overloaded_error", "529,overloaded_error", "504,timeout_error",
        "405,invalid_request_error"})
    void typeByStatus(int status, String type) {
        assertThat(MessagesErrors.type(status)).isEqualTo(type);
    }

    @Test
    void openAiBodyBecomesAnthropics() {
        ByteBuf openAi = buf("{\"error\":{\"message\":\"The model 'x' does not exist\",\"type\":\"invalid_request_error\","
                + "\"param\":\"model\",\"code\":\"model_not_found\"}}");
        assertThat(drain(MessagesErrors.fromOpenAi(openAi, 404, ALLOC))).isEqualTo(
                "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"The model 'x' does not exist\"}}");
        openAi.release();
    }

    @Test
    void anthropicBodiesAndOtherJsonAreLeftAlone() {
        ByteBuf anthropic = buf("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        ByteBuf other = buf("{\"input_tokens\":3}");
        ByteBuf text = buf("Bad Gateway");
        assertThat(MessagesErrors.fromOpenAi(anthropic, 529, ALLOC)).isNull();
        assertThat(MessagesErrors.fromOpenAi(other, 400, ALLOC)).isNull();
        assertThat(MessagesErrors.fromOpenAi(text, 502, ALLOC)).isNull();
        anthropic.release();
        other.release();
        text.release();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "server_error          | upstream_stream_truncated | api_error",
        "server_error          | upstream_timeout          | timeout_error",
        "server_error          | server_shutting_down      | overloaded_error",
        "rate_limit_error      | rate_limit_exceeded       | rate_limit_error",
        "invalid_request_error | context_length_exceeded   | invalid_request_error",
    })
    void inStreamErrorBecomesAnErrorEvent(String type, String code, String anthropicType) {
        ByteBuf event = buf("data: {\"error\":{\"message\":\"it \\\"failed\\\"\",\"type\":\"" + type + "\",\"param\":null,"
                + "\"code\":\"" + code + "\"}}\n\n");
        assertThat(drain(MessagesErrors.eventFromOpenAi(event, ALLOC))).isEqualTo("event: error\ndata: {\"type\":\"error\","
                + "\"error\":{\"type\":\"" + anthropicType + "\",\"message\":\"it \\\"failed\\\"\"}}\n\n");
        event.release();
    }

    @Test
    void otherEventsAreNotErrors() {
        ByteBuf event = buf("event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n\n");
        assertThat(MessagesErrors.eventFromOpenAi(event, ALLOC)).isNull();
        event.release();
    }
}
