package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main listener over TLS ({@code server.tls}), driven through the real jar: the official OpenAI
 * SDK over HTTPS, a plain-HTTP client refused with a readable 400, a stalled handshake cut at
 * {@code server.tls.handshake_timeout_ms}, and the certificate replaced by SIGHUP — a reload with
 * unusable files is rejected and the running certificate kept.
 */
class TlsListenerIT {

    private static final String PROVIDER_SECRET = "sk-TLS-LISTENER-upstream-5150";

    private static MockUpstream upstream;
    private static GatewayProcess gateway;
    private static TestCertificates first;
    private static TestCertificates second;
    private static Path dir;
    private static Path certFile;
    private static Path keyFile;

    @BeforeAll
    static void start() throws Exception {
        first = TestCertificates.localhost();
        second = TestCertificates.localhost();
        dir = Files.createTempDirectory("gateway-tls-listener-");
        certFile = dir.resolve("cert.pem");
        keyFile = dir.resolve("key.pem");
        install(first);
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        gateway = GatewayProcess.start(GatewayConfigs.withProviders("""
                - id: mock
                  type: openai-compatible
                  base_url: "%s/v1"
                  keys:
                    - id: m1
                      secret: "%s"
                """.formatted(upstream.baseUrl(), PROVIDER_SECRET), "gpt-4o: mock:gpt-4o").replace("""
                server:
                """, """
                server:
                  header_timeout_ms: 60000
                  tls:
                    cert_file: "%s"
                    key_file: "%s"
                    handshake_timeout_ms: 4000
                """.formatted(certFile, keyFile)));
        assertThat(gateway.output()).anyMatch(l -> l.contains("TLS: on, "));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        for (Path p : new Path[] {certFile, keyFile, dir}) {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        }
        if (first != null) {
            first.delete();
        }
        if (second != null) {
            second.delete();
        }
    }

    /** Writes {@code certs}' certificate and key where the config points, each by an atomic rename. */
    private static void install(TestCertificates certs) throws Exception {
        Path key = dir.resolve("key.pem.new");
        certs.writeKeyPem(key);
        Files.move(key, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path cert = dir.resolve("cert.pem.new");
        Files.copy(certs.caFile(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.move(cert, certFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static X509TrustManager trusting(TestCertificates certs) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", certs.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    /** The certificate a new TLS connection is shown (trusting anything: this only looks). */
    private static Certificate presented() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new LookingTrustManager()}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", gateway.port())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            assertThat(s.getApplicationProtocol()).as("ALPN: none asked, none chosen").isEmpty();
            return s.getSession().getPeerCertificates()[0];
        }
    }

    private static void hangUp() throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(gateway.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static long count(String text) {
        return gateway.output().stream().filter(l -> l.contains(text)).count();
    }

    @Test
    void theOpenAiSdkTalksToTheGatewayOverHttps() throws Exception {
        X509TrustManager trust = trusting(first);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust}, null);
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl("https://localhost:" + gateway.port() + "/v1")
                .apiKey("client-key-never-forwarded")
                .sslSocketFactory(tls.getSocketFactory())
                .trustManager(trust)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
        try {
            upstream.clearRecordedRequests();
            ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o").addUserMessage("hello over TLS").build());

            assertThat(reply.choices()).isNotEmpty();
            RecordedRequest sent = upstream.recordedRequests().get(0);
            assertThat(sent.headers().get("authorization")).isEqualTo("Bearer " + PROVIDER_SECRET);
        } finally {
            client.close();
        }
    }

    @Test
    void aPlainHttpClientOnTheTlsPortGetsAReadable400() throws Exception {
        try (RawHttp http = new RawHttp(gateway.port())) {
            String answer = http.send("GET /v1/models HTTP/1.1\r\nHost: gw\r\n\r\n").readToClose();

            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("connection: close")
                    .contains("\"code\":\"malformed_http\"").contains("This port speaks HTTPS");
        }
    }

    @Test
    void aStalledHandshakeIsCutAtTheHandshakeDeadline() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            s.setSoTimeout(30_000); // far beyond the 4 s handshake deadline, and half of header_timeout_ms
            s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}); // a ClientHello that never comes
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            try {
                while (in.read() != -1) {
                    // an alert may come before the close
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                throw new AssertionError("the stalled handshake was not cut within 30 s", stillOpen);
            } catch (java.net.SocketException reset) {
                // closed by a reset: cut too
            }
        }
        Await.until("the failed handshake logged", () -> count("TLS handshakes failed or not complete") > 0);
    }

    @Test
    void sighupServesANewCertificateToNewConnectionsAndKeepsItWhenTheNextFilesAreBad() throws Exception {
        assertThat(presented()).isEqualTo(first.certificate());
        long reloads = count("TLS: certificate ");
        install(second);
        hangUp();
        Await.until("the reload logged", Duration.ofSeconds(20), () -> count("TLS: certificate ") > reloads);
        assertThat(presented()).isEqualTo(second.certificate());

        long rejected = count("reload rejected");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        hangUp();
        Await.until("the bad reload rejected", Duration.ofSeconds(20), () -> count("reload rejected") > rejected);
        assertThat(gateway.output()).anyMatch(l -> l.contains("server.tls.cert_file") && l.contains("cannot serve TLS"));
        assertThat(presented()).as("the running certificate stays").isEqualTo(second.certificate());

        install(first);
        hangUp();
        Await.until("the certificate restored", Duration.ofSeconds(20), () -> {
            try {
                return presented().equals(first.certificate());
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Accepts any server certificate: the test compares it itself. */
    private static final class LookingTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
