package io.llmgateway.core.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigStoreConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP store against a real local HTTP server: bearer, ETag and 304, failures that keep the running config. */
class HttpConfigStoreTest {

    private HttpServer server;
    private volatile String document = Configs.valid("k1");
    private volatile String etag = "\"v1\"";
    private volatile int status = 200;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    private final List<Integer> answered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/gateway.yaml", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        String match = ex.getRequestHeaders().getFirst("If-None-Match");
        ifNoneMatch.add(String.valueOf(match));
        int code = status;
        if (code == 200 && etag != null && etag.equals(match)) {
            code = 304;
        }
        answered.add(code);
        if (code != 200) {
            ex.sendResponseHeaders(code, -1);
            ex.close();
            return;
        }
        byte[] body = document.getBytes(StandardCharsets.UTF_8);
        if (etag != null) {
            ex.getResponseHeaders().set("ETag", etag);
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private HttpConfigStore store(String token) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/gateway.yaml";
        return new HttpConfigStore(new ConfigStoreConfig("http", "", url, token, 0, 5_000, false, 500));
    }

    @Test
    void fetchesWithTheBearerTokenAndAsksWithTheEtagWhenPolling() throws Exception {
        HttpConfigStore store = store("cfg-token-1");

        assertThat(store.read(false)).isEqualTo(Configs.valid("k1"));
        assertThat(store.read(true)).as("304: unchanged").isNull();
        assertThat(store.read(false)).as("a plain read always fetches").isEqualTo(Configs.valid("k1"));

        assertThat(authorizations).containsOnly("Bearer cfg-token-1");
        assertThat(ifNoneMatch).containsExactly("null", "\"v1\"", "null");
        assertThat(answered).containsExactly(200, 304, 200);
    }

    @Test
    void withoutATokenNoAuthorizationIsSent() throws Exception {
        store("").read(false);

        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void aPollSeesTheNewDocumentOnceItsEtagChanges() throws Exception {
        ConfigControl control = ConfigControl.open(store(""), Configs.loader(), Clock.systemUTC());
        assertThat(control.reloadIfChanged("poll")).isNull();

        document = Configs.valid("k1", "k2");
        etag = "\"v2\"";

        assertThat(control.reloadIfChanged("poll").version()).isEqualTo(2);
        assertThat(control.running().config().provider("p").keys()).hasSize(2);
    }

    @Test
    void aServerErrorKeepsTheRunningConfigAndNamesTheStatusNotTheToken() throws Exception {
        ConfigControl control = ConfigControl.open(store("cfg-token-2"), Configs.loader(), Clock.systemUTC());
        status = 500;

        assertThatThrownBy(() -> control.reload("admin API")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP 500").hasMessageNotContaining("cfg-token-2");
        assertThatThrownBy(() -> control.reloadIfChanged("poll")).isInstanceOf(ConfigException.class);
        assertThat(control.running().version()).isEqualTo(1);
        assertThat(control.running().text()).isEqualTo(Configs.valid("k1"));

        status = 200;
        document = Configs.valid("k1", "k2");
        etag = "\"v2\"";
        assertThat(control.reloadIfChanged("poll").version()).isEqualTo(2);
    }

    @Test
    void anInvalidDocumentIsRejectedOnceAndNotFetchedAgainUntilItChanges() throws Exception {
        ConfigControl control = ConfigControl.open(store(""), Configs.loader(), Clock.systemUTC());
        document = Configs.invalid();
        etag = "\"bad\"";

        assertThatThrownBy(() -> control.reloadIfChanged("poll")).isInstanceOf(ConfigException.class);
        assertThat(control.reloadIfChanged("poll")).as("304 for the rejected document").isNull();
        assertThat(answered).endsWith(200, 304);

        etag = null; // a server without ETags sends the same bad document again: rejected once only
        assertThat(control.reloadIfChanged("poll")).isNull();
        assertThat(control.running().version()).isEqualTo(1);
    }

    @Test
    void anUnreachableUrlIsAFailureThatNamesTheUrl() {
        HttpConfigStore store = new HttpConfigStore(new ConfigStoreConfig("http", "", "http://127.0.0.1:1/x.yaml",
                "", 0, 2_000, false, 500));

        assertThatThrownBy(() -> store.read(false)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http://127.0.0.1:1/x.yaml").hasMessageContaining("cannot fetch");
    }
}
