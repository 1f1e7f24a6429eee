package io.llmgateway.core.config;

import io.netty.handler.ssl.SslContext;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Checks that {@code server.tls.key_file} is the private key of {@code cert_file}'s certificate.
 * Neither TLS engine checks it when its context is built: a mismatched pair loads, and then every
 * handshake fails — after a reload, an outage. So the pair is tried here, at load, where it is a
 * config problem and a reload keeps the running certificate: a signature made with the key must
 * verify with the certificate's public key. The files are read with Netty's own PEM readers (the
 * ones its contexts use), so that every format the context accepts is read alike.
 */
final class TlsKeyPair {

    private static final byte[] PROBE = "llm-gateway: does this key belong to this certificate?"
            .getBytes(StandardCharsets.US_ASCII);

    private TlsKeyPair() {
    }

    /**
     * @throws IllegalArgumentException when the key is not the certificate's
     * @throws Exception                when a file cannot be read (the context's build would say the same)
     */
    static void check(File certFile, File keyFile, String password) throws Exception {
        X509Certificate[] chain = PemFiles.certificates(certFile);
        PrivateKey key = PemFiles.privateKey(keyFile, password);
        if (chain.length == 0 || key == null) {
            return; // the context's build reports what is missing
        }
        PublicKey certificateKey = chain[0].getPublicKey();
        if (!certificateKey.getAlgorithm().equals(key.getAlgorithm())) {
            throw mismatch("a " + key.getAlgorithm() + " key for a certificate with a " + certificateKey.getAlgorithm()
                    + " key");
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return; // a key type this check does not know: the handshake is the judge
        }
        Signature sign = Signature.getInstance(algorithm);
        sign.initSign(key);
        sign.update(PROBE);
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance(algorithm);
        verify.initVerify(certificateKey);
        verify.update(PROBE);
        if (!verify.verify(signature)) {
            throw mismatch("a signature made with the key does not verify with the certificate's public key");
        }
    }

    private static IllegalArgumentException mismatch(String why) {
        return new IllegalArgumentException("the private key is not the certificate's (" + why + ")");
    }

    /** Netty's PEM readers, which it keeps for its contexts (protected static): never instantiated. */
    private abstract static class PemFiles extends SslContext {

        static X509Certificate[] certificates(File file) throws Exception {
            return toX509Certificates(file);
        }

        static PrivateKey privateKey(File file, String password) throws Exception {
            return toPrivateKey(file, password);
        }
    }
}
