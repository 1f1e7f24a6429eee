package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Caps on connections and per-address limits against the real jar: {@code server.max_connections},
 * {@code server.ip_limits} from the socket's peer (loopback addresses 127.0.0.x stand for
 * different clients), and {@code X-Forwarded-For} honoured only from {@code server.trusted_proxies}.
 */
class ConnectionLimitsIT {

    private static final String HEALTH = "GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n";

    private static MockUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    private static GatewayProcess gateway(String server) throws Exception {
        return GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream, server, ""));
    }

    private static String get(RawHttp http, String extraHeaders) throws IOException {
        return http.send("GET /health/live HTTP/1.1\r\nHost: gw\r\n" + extraHeaders + "\r\n").readResponse();
    }

    private static String once(GatewayProcess gw, String from, String extraHeaders) throws IOException {
        try (RawHttp http = new RawHttp(gw.port(), from)) {
            return get(http, extraHeaders);
        }
    }

    @Test
    void beyondMaxConnectionsANewConnectionIsClosedAndTheOthersAreStillServed() throws Exception {
        try (GatewayProcess gw = gateway("max_connections: 4")) {
            List<RawHttp> open = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawHttp http = new RawHttp(gw.port());
                    open.add(http);
                    assertThat(http.send(HEALTH).readResponse()).startsWith("HTTP/1.1 200 ");
                }
                try (RawHttp fifth = new RawHttp(gw.port()).readTimeout(5_000)) {
                    assertThat(fifth.awaitClose()).as("the fifth connection is closed unanswered").isTrue();
                }
                for (RawHttp http : open) {
                    assertThat(http.send(HEALTH).readResponse()).startsWith("HTTP/1.1 200 ");
                }
                open.remove(0).close();
                Await.until("a closed connection makes room for a new one", Duration.ofSeconds(10), () -> {
                    try (RawHttp next = new RawHttp(gw.port()).readTimeout(2_000)) {
                        return next.send(HEALTH).readResponse().startsWith("HTTP/1.1 200 ");
                    } catch (IOException refused) {
                        return false;
                    }
                });
            } finally {
                for (RawHttp http : open) {
                    http.close();
                }
            }
            assertThat(gw.output()).as("one line per burst, not per connection")
                    .filteredOn(l -> l.contains("server.max_connections")).hasSizeBetween(1, 2);
        }
    }

    @Test
    void perAddressConnectionsAndRateCountThePeerAndIgnoreForwardedForFromUntrustedPeers() throws Exception {
        try (GatewayProcess gw = gateway("""
                ip_limits:
                  max_connections: 2
                  requests_per_second: 0.01
                  burst: 3
                """)) {
            try (RawHttp a = new RawHttp(gw.port(), "127.0.0.2"); RawHttp b = new RawHttp(gw.port(), "127.0.0.2")) {
                assertThat(get(a, "")).startsWith("HTTP/1.1 200 ");
                assertThat(get(b, "")).startsWith("HTTP/1.1 200 ");
                try (RawHttp third = new RawHttp(gw.port(), "127.0.0.2").readTimeout(5_000)) {
                    assertThat(third.awaitClose()).as("a third connection from 127.0.0.2").isTrue();
                }
                assertThat(once(gw, "127.0.0.3", "")).as("another address").startsWith("HTTP/1.1 200 ");
                assertThat(get(a, "X-Forwarded-For: 198.51.100.1\r\n")).startsWith("HTTP/1.1 200 ");
                String refused = get(b, "X-Forwarded-For: 198.51.100.2\r\n");
                assertThat(refused).as("the header of an untrusted peer changes nothing").startsWith("HTTP/1.1 429 ")
                        .contains("retry-after: ").contains("\"code\":\"rate_limit_exceeded\"")
                        .contains("too many requests from 127.0.0.2");
                assertThat(get(a, "")).as("the connection stays usable, still limited").startsWith("HTTP/1.1 429 ");
            }
        }
    }

    @Test
    void throughATrustedProxyTheForwardedClientIsLimitedAndTheProxyIsNot() throws Exception {
        try (GatewayProcess gw = gateway("""
                trusted_proxies: ["127.0.0.4", "10.0.0.0/8"]
                ip_limits:
                  max_connections: 1
                  requests_per_second: 0.01
                  burst: 2
                """)) {
            try (RawHttp p1 = new RawHttp(gw.port(), "127.0.0.4"); RawHttp p2 = new RawHttp(gw.port(), "127.0.0.4")) {
                assertThat(get(p1, "X-Forwarded-For: 198.51.100.1\r\n")).as("the proxy's connections are not capped")
                        .startsWith("HTTP/1.1 200 ");
                assertThat(get(p2, "X-Forwarded-For: 198.51.100.1, 10.1.1.1\r\n")).startsWith("HTTP/1.1 200 ");
                assertThat(get(p1, "X-Forwarded-For: 198.51.100.1\r\n")).startsWith("HTTP/1.1 429 ")
                        .contains("too many requests from 198.51.100.1");
                assertThat(get(p2, "X-Forwarded-For: 198.51.100.1, 203.0.113.9\r\n"))
                        .as("a client forging the left part is still the right-most untrusted address")
                        .startsWith("HTTP/1.1 200 ");
                assertThat(get(p1, "X-Forwarded-For: 198.51.100.7\r\n")).startsWith("HTTP/1.1 200 ");
            }
            assertThat(once(gw, "127.0.0.5", "X-Forwarded-For: 198.51.100.7\r\n")).as("an untrusted peer is itself")
                    .startsWith("HTTP/1.1 200 ");
        }
    }
}
