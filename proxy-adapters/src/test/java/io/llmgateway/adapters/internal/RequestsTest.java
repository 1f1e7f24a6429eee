package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.TreeInput.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestsTest {

    @Test
    void nestedStringNamesTheFieldThatIsWrong() throws Exception {
        assertThat(Requests.string(object("{\"file\":{\"file_data\":\"x\"}}"), "file", "file_data", "c[0]")).isEqualTo("x");
        assertThat(Requests.string(object("{\"file\":{}}"), "file", "file_data", "c[0]")).isNull();
        assertThat(Requests.string(object("{\"file\":null}"), "file", "file_data", "c[0]")).isNull();
        assertThatThrownBy(() -> Requests.string(object("{\"file\":3}"), "file", "file_data", "c[0]"))
                .hasMessage("c[0].file: expected an object");
        assertThatThrownBy(() -> Requests.string(object("{\"file\":{\"file_data\":[]}}"), "file", "file_data", "c[0]"))
                .hasMessage("c[0].file.file_data: expected a string");
    }
}
