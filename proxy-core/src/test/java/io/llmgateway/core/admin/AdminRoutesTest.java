package io.llmgateway.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminRoutesTest {

    private final AdminHandler list = r -> AdminResponse.ok("list");
    private final AdminHandler get = r -> AdminResponse.ok("get");
    private final AdminHandler enable = r -> AdminResponse.ok("enable");
    private final AdminRoutes routes = new AdminRoutes()
            .add(HttpMethod.GET, "/virtual-keys", list)
            .add(HttpMethod.GET, "/virtual-keys/{id}", get)
            .add(HttpMethod.DELETE, "/virtual-keys/{id}", get)
            .add(HttpMethod.POST, "/keys/{id}/enable", enable);

    @Test
    void literalAndParameterisedPathsFindTheirHandlerAndParameters() {
        assertThat(routes.find(HttpMethod.GET, "/virtual-keys").handler()).isSameAs(list);
        AdminRoutes.Lookup one = routes.find(HttpMethod.GET, "/virtual-keys/vk_1");
        assertThat(one.handler()).isSameAs(get);
        assertThat(one.pathParams()).isEqualTo(Map.of("id", "vk_1"));
        assertThat(routes.find(HttpMethod.POST, "/keys/openai:k1/enable").pathParams())
                .isEqualTo(Map.of("id", "openai:k1"));
        assertThat(routes.find(HttpMethod.GET, "/virtual-keys/").handler()).isSameAs(list);
    }

    @Test
    void aPathOfOtherMethodsOnlyListsThemAndAnUnknownPathIsNull() {
        AdminRoutes.Lookup wrong = routes.find(HttpMethod.PUT, "/virtual-keys/vk_1");
        assertThat(wrong.handler()).isNull();
        assertThat(wrong.allowed()).isEqualTo("GET, DELETE");
        assertThat(routes.find(HttpMethod.GET, "/teams")).isNull();
        assertThat(routes.find(HttpMethod.GET, "/virtual-keys/vk_1/extra")).isNull();
        assertThat(routes.find(HttpMethod.POST, "/keys//enable")).isNull();
    }

    @Test
    void theSameRouteTwiceIsABug() {
        assertThatThrownBy(() -> routes.add(HttpMethod.GET, "/virtual-keys", list))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /virtual-keys");
        assertThat(routes.describe()).containsExactly("GET /virtual-keys", "GET /virtual-keys/{id}",
                "DELETE /virtual-keys/{id}", "POST /keys/{id}/enable");
    }
}
