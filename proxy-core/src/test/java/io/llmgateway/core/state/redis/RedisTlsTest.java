package io.llmgateway.core.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.state.Grant;
import io.llmgateway.core.state.StoreUnavailableException;
import io.llmgateway.core.testing.RedisNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime store over TLS to a real {@code redis-server} that speaks only TLS, presenting a
 * throw-away certificate for {@code 127.0.0.1} made with the JDK's {@code keytool}: trusted
 * through {@code tls_ca_file}, it works; trusted by nobody (the system store), or spoken to in
 * plain text, the store is unavailable and says so.
 */
class RedisTlsTest {

    private static final char[] PASSWORD = "test-only".toCharArray();

    @TempDir
    static Path dir;
    private static Path caFile;
    private static RedisNode redis;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        Path keyStore = dir.resolve("redis.p12");
        caFile = dir.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "redis", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        run(keytool, "-exportcert", "-rfc", "-alias", "redis", "-keystore", keyStore.toString(),
                "-storepass", new String(PASSWORD), "-file", caFile.toString());
        Path keyFile = dir.resolve("key.pem");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD);
        }
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(ks.getKey("redis", PASSWORD).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        redis = RedisNode.startTls(caFile, keyFile);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void leasesAndEntriesWorkOverTlsWhenTheCaFileIsTrusted() {
        try (RedisRuntimeStore store = new RedisRuntimeStore(config(true, caFile.toString()))) {
            store.ping();
            Grant grant = store.lease("tls-key", 10, 0, 4, 0, 0);
            assertThat(grant.requests()).isEqualTo(4);
            store.putEntry("virtual_keys", "vk-1", "{\"id\":\"vk-1\"}");
            assertThat(store.entries("virtual_keys")).containsEntry("vk-1", "{\"id\":\"vk-1\"}");
        }
    }

    @Test
    void aCertificateNobodyTrustsMakesTheStoreUnavailable() {
        try (RedisRuntimeStore store = new RedisRuntimeStore(config(true, null))) {
            assertThatThrownBy(store::ping).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(redis.addr()).hasMessageContaining("SSL");
        }
    }

    @Test
    void plainTextToATlsPortMakesTheStoreUnavailable() {
        try (RedisRuntimeStore store = new RedisRuntimeStore(config(false, null))) {
            assertThatThrownBy(store::ping).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(redis.addr());
        }
    }

    @Test
    void aCaFileWithoutCertificatesIsNamedInTheFailure() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        try (RedisRuntimeStore store = new RedisRuntimeStore(config(true, empty.toString()))) {
            assertThatThrownBy(store::ping).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("tls_ca_file").hasMessageContaining(empty.toString());
        }
    }

    private static RuntimeStoreConfig config(boolean tls, String caFile) {
        return new RuntimeStoreConfig("redis", redis.addr(), "", 0, tls, caFile, "tls-" + UUID.randomUUID() + ":",
                List.of(), 2_000, 0.05, 500, 5_000);
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("keytool: %s", out).isZero();
    }
}
