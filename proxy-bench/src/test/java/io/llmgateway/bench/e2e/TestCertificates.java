package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;

/**
 * A throw-away certificate authority for TLS tests: a self-signed certificate for
 * {@code localhost} made with the JDK's own {@code keytool}, so no key material lives in the
 * repository and nothing outside the JDK is needed.
 */
final class TestCertificates {

    private static final char[] PASSWORD = "test-only".toCharArray();

    private final Path dir;
    private final Path keyStore;
    private final Path certPem;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.keyStore = dir.resolve("server.p12");
        this.certPem = dir.resolve("ca.pem");
    }

    /** A certificate valid for the DNS name {@code localhost} only (not for 127.0.0.1). */
    static TestCertificates localhost() throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(Files.createTempDirectory("gateway-tls-"));
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-keystore", c.keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", c.keyStore.toString(),
                "-storepass", new String(PASSWORD), "-file", c.certPem.toString());
        return c;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("keytool: %s", out).isZero();
    }

    /** The PEM file a client must trust. */
    Path caFile() {
        return certPem;
    }

    /** Writes the certificate's private key as an unencrypted PKCS#8 PEM file: what {@code server.tls.key_file} takes. */
    void writeKeyPem(Path file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD);
        }
        byte[] der = ks.getKey("server", PASSWORD).getEncoded();
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n");
    }

    /** The certificate itself. */
    X509Certificate certificate() throws Exception {
        try (InputStream in = Files.newInputStream(certPem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A Netty server context presenting the certificate. */
    SslContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        return SslContextBuilder.forServer(kmf).build();
    }

    void delete() throws IOException {
        Files.deleteIfExists(keyStore);
        Files.deleteIfExists(certPem);
        Files.deleteIfExists(dir);
    }
}
