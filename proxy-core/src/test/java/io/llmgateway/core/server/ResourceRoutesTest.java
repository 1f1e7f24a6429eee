package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Endpoint;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

class ResourceRoutesTest {

    @Test
    void filesAndBatchesByMethodWithTheirTail() {
        ResourceRoutes.Match m = ResourceRoutes.match(HttpMethod.DELETE, "/v1/files/file-abc");
        assertThat(m.route().endpoint()).isEqualTo(Endpoint.FILES);
        assertThat(m.route().method()).isEqualTo(HttpMethod.DELETE);
        assertThat(m.tail()).isEqualTo("/file-abc");
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/files/file-abc/content").tail())
                .isEqualTo("/file-abc/content");
        assertThat(ResourceRoutes.match(HttpMethod.POST, "/v1/files").route().upload()).isTrue();
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/files").route().upload()).isFalse();
        assertThat(ResourceRoutes.match(HttpMethod.POST, "/v1/batches/batch_1/cancel").route().endpoint())
                .isEqualTo(Endpoint.BATCHES);
        assertThat(ResourceRoutes.match(HttpMethod.POST, "/v1/batches").route().jsonBody()).isTrue();
    }

    @Test
    void aWrongMethodNamesTheOnesAllowed() {
        ResourceRoutes.Match m = ResourceRoutes.match(HttpMethod.PUT, "/v1/files");
        assertThat(m.route()).isNull();
        assertThat(m.allow()).isEqualTo("GET, POST");
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/batches/b/cancel").allow()).isEqualTo("POST");
    }

    @Test
    void anythingButAnIdIsNoRoute() {
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/files/..")).isNull();
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/files/a%2Fb")).isNull();
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/files/a/b/c")).isNull();
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/files/a/other")).isNull();
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/filesystem")).isNull();
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/files/")).isNull();
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/models")).isNull();
    }

    @Test
    void theQueryGoesUpstreamOnlyAsVisibleAscii() {
        assertThat(ResourceRoutes.query("/v1/files?limit=2&after=x", 9)).isEqualTo("?limit=2&after=x");
        assertThat(ResourceRoutes.query("/v1/files", -1)).isEmpty();
        assertThat(ResourceRoutes.query("/v1/files?", 9)).isEmpty();
        assertThat(ResourceRoutes.query("/v1/files?a=\u00e9", 9)).isNull();
    }

    @Test
    void uploadsAreKnownFromTheRequestLine() {
        assertThat(ResourceRoutes.isUpload(HttpMethod.POST, "/v1/audio/transcriptions?x=1")).isTrue();
        assertThat(ResourceRoutes.isUpload(HttpMethod.POST, "/v1/images/edits")).isTrue();
        assertThat(ResourceRoutes.isUpload(HttpMethod.POST, "/v1/files")).isTrue();
        assertThat(ResourceRoutes.isUpload(HttpMethod.GET, "/v1/files")).isFalse();
        assertThat(ResourceRoutes.isUpload(HttpMethod.POST, "/v1/images/generations")).isFalse();
    }

    @Test
    void storedResponsesAreRoutedByMethodWithTheirTail() {
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/responses/resp_1").route().endpoint())
                .isEqualTo(Endpoint.RESPONSES);
        assertThat(ResourceRoutes.match(HttpMethod.DELETE, "/v1/responses/resp_1").tail()).isEqualTo("/resp_1");
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/responses/resp_1/input_items").tail())
                .isEqualTo("/resp_1/input_items");
        assertThat(ResourceRoutes.match(HttpMethod.POST, "/v1/responses/resp_1/cancel").route().method())
                .isEqualTo(HttpMethod.POST);
        assertThat(ResourceRoutes.match(HttpMethod.POST, "/v1/responses/resp_1").route()).isNull();
        assertThat(ResourceRoutes.match(HttpMethod.POST, "/v1/responses/resp_1").allow()).isEqualTo("GET, DELETE");
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/responses/resp_1/cancel").allow()).isEqualTo("POST");
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/responses/..")).isNull();
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/responses/r/other")).isNull();
        assertThat(ResourceRoutes.match(HttpMethod.GET, "/v1/responses/")).isNull();
    }
}
