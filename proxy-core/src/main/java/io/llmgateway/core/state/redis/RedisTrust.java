package io.llmgateway.core.state.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The TLS trust of the connection to Redis when {@code storage.runtime.tls_ca_file} names a PEM
 * bundle (a private CA, as managed Redis services and self-hosted ones with their own CA use):
 * only the bundle's certificates are trusted, instead of the system store. Jedis speaks blocking
 * sockets, so this is a JDK {@link SSLSocketFactory}, not a Netty context. Stateless.
 */
final class RedisTrust {

    private RedisTrust() {
    }

    /**
     * A socket factory trusting the certificates of {@code caFile}. A file that cannot be read or
     * holds no certificate is a connection failure (the store counts as down, and says why).
     */
    static SSLSocketFactory socketFactory(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new JedisConnectionException("storage.runtime.tls_ca_file " + caFile + " holds no certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new JedisConnectionException("storage.runtime.tls_ca_file " + caFile + ": " + e.getMessage(), e);
        }
    }
}
