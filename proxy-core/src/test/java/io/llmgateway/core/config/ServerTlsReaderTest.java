package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.tls:}: the context is built at load, and every file problem is a config problem at its path. */
class ServerTlsReaderTest {

    @TempDir
    static Path dir;
    private static Path cert;
    private static Path key;

    /** A self-signed certificate for localhost made with the JDK's keytool, written as PEM. */
    @BeforeAll
    static void certificate() throws Exception {
        Path[] pair = pair("server");
        cert = pair[0];
        key = pair[1];
    }

    /** A certificate and its key, as PEM files named after {@code name}. */
    private static Path[] pair(String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "test-only", "-keypass", "test-only").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "test-only".toCharArray());
        }
        Path certFile = dir.resolve(name + "-cert.pem");
        Path keyFile = dir.resolve(name + "-key.pem");
        Files.writeString(certFile, pem("CERTIFICATE", ks.getCertificate("s").getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", ks.getKey("s", "test-only".toCharArray()).getEncoded()));
        return new Path[] {certFile, keyFile};
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static GatewayConfig load(String tls) throws ConfigException {
        return new ConfigLoader(Map.<String, String>of()::get).parse("""
                server:
                  tls:
                %s
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: [ { secret: sk-x } ]
                model_aliases:
                  m: p:model
                """.formatted(tls.indent(4)), "t.yaml");
    }

    @Test
    void withoutFilesTheListenerIsPlainHttp() throws Exception {
        ServerTls tls = load("handshake_timeout_ms: 500").server().tls();

        assertThat(tls.enabled()).isFalse();
        assertThat(tls.handshakeTimeoutMs()).isEqualTo(500);
    }

    @Test
    void aCertificateAndItsKeyMakeAServerContextSpeakingHttp11ByAlpn() throws Exception {
        ServerTls tls = load("cert_file: " + cert + "\nkey_file: " + key).server().tls();

        assertThat(tls.enabled()).isTrue();
        assertThat(tls.context().isServer()).isTrue();
        assertThat(tls.context().applicationProtocolNegotiator().protocols()).containsExactly(ApplicationProtocolNames.HTTP_1_1);
        assertThat(tls.handshakeTimeoutMs()).isEqualTo(10_000);
        assertThat(tls.engine()).startsWith(OpenSsl.isAvailable() ? "BoringSSL" : "JDK");
    }

    @Test
    void theJdkProviderCanBeChosen() throws Exception {
        ServerTls tls = load("cert_file: " + cert + "\nkey_file: " + key + "\nprovider: jdk").server().tls();

        assertThat(tls.enabled()).isTrue();
        assertThat(tls.engine()).isEqualTo("JDK (provider: jdk)");
    }

    @Test
    void aCertificateWithoutKeyIsAProblem() {
        assertThatThrownBy(() -> load("cert_file: " + cert))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.tls.key_file: is required when server.tls.cert_file is set");
    }

    @Test
    void aFileThatCannotBeReadIsAProblemNamingIt() {
        assertThatThrownBy(() -> load("cert_file: " + dir.resolve("missing.pem") + "\nkey_file: " + key))
                .hasMessageContaining("server.tls.cert_file (line 3): cannot read '" + dir.resolve("missing.pem")
                        + "' (expected: a readable PEM file)");
    }

    @Test
    void aFileThatIsNoPemIsAProblemThatNeverShowsThePassword() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a key\n");

        assertThatThrownBy(() -> load("cert_file: " + cert + "\nkey_file: " + garbage + "\nkey_password: pw-TLSSECRET-1"))
                .hasMessageContaining("server.tls.cert_file (line 3): cannot serve TLS with this certificate and key_file '"
                        + garbage + "'")
                .hasMessageNotContaining("pw-TLSSECRET-1");
        assertThatThrownBy(() -> load("cert_file: " + garbage + "\nkey_file: " + key))
                .hasMessageContaining("server.tls.cert_file (line 3): cannot serve TLS");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsAProblemWithEitherProvider() throws Exception {
        Path otherKey = pair("other")[1];
        for (String provider : new String[] {"openssl", "jdk"}) {
            assertThatThrownBy(() -> load("cert_file: " + cert + "\nkey_file: " + otherKey + "\nprovider: " + provider))
                    .as(provider)
                    .hasMessageContaining("server.tls.cert_file (line 3): cannot serve TLS with this certificate and "
                            + "key_file '" + otherKey + "': the private key is not the certificate's (a signature made "
                            + "with the key does not verify with the certificate's public key)");
        }
    }
}
