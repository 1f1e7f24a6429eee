package io.llmgateway.core.config;

import io.netty.handler.ssl.SslContext;

/**
 * {@code server.tls:} — the main listener over TLS, with its server context built (and its files
 * read) when the config is loaded, so that a reload whose certificate or key cannot be used is
 * rejected like any other invalid config and the running context stays. New connections take the
 * context of the config current when they are accepted; those open keep theirs.
 *
 * @param certFile           the PEM certificate chain ({@code server.tls.cert_file}); empty when off
 * @param keyFile            the PEM private key ({@code server.tls.key_file}); empty when off
 * @param handshakeTimeoutMs a handshake not complete within this closes the connection
 * @param context            the server context (HTTP/1.1 by ALPN); null when TLS is off
 * @param engine             which implementation serves it, for the log: BoringSSL or the JDK, and why
 */
public record ServerTls(String certFile, String keyFile, long handshakeTimeoutMs, SslContext context, String engine) {

    /** Plain HTTP. */
    static ServerTls off(long handshakeTimeoutMs) {
        return new ServerTls("", "", handshakeTimeoutMs, null, "");
    }

    /** Whether the main listener speaks TLS. */
    public boolean enabled() {
        return context != null;
    }

    @Override
    public String toString() {
        return enabled() ? "ServerTls[cert=" + certFile + ", key=" + keyFile + ", " + engine + ']' : "ServerTls[off]";
    }
}
