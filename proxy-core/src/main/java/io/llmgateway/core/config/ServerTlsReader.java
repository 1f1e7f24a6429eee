package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.SERVER_TLS;
import static io.llmgateway.core.config.ConfigKeys.SERVER_TLS_CERT_FILE;
import static io.llmgateway.core.config.ConfigKeys.SERVER_TLS_HANDSHAKE_TIMEOUT_MS;
import static io.llmgateway.core.config.ConfigKeys.SERVER_TLS_KEY_FILE;
import static io.llmgateway.core.config.ConfigKeys.SERVER_TLS_KEY_PASSWORD;
import static io.llmgateway.core.config.ConfigKeys.SERVER_TLS_PROVIDER;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code server.tls:} into a {@link ServerTls}, building its server context from the PEM
 * files: a file that cannot be read, or a certificate or key that cannot be used, is a problem at
 * its YAML path. Runs wherever the config is loaded (start, reload, {@code validate}), never on an
 * event loop. No message shows {@code key_password}.
 */
final class ServerTlsReader {

    private static final ApplicationProtocolConfig HTTP_1_1_ONLY = new ApplicationProtocolConfig(Protocol.ALPN,
            SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1);

    private ServerTlsReader() {
    }

    static ServerTls read(ConfigNode server) {
        ConfigNode n = SERVER_TLS.open(server);
        long handshakeTimeoutMs = SERVER_TLS_HANDSHAKE_TIMEOUT_MS.read(n);
        String cert = SERVER_TLS_CERT_FILE.read(n).trim();
        String key = SERVER_TLS_KEY_FILE.read(n).trim();
        String password = SERVER_TLS_KEY_PASSWORD.read(n);
        String provider = SERVER_TLS_PROVIDER.read(n);
        if (cert.isEmpty() && key.isEmpty()) {
            return ServerTls.off(handshakeTimeoutMs);
        }
        boolean readable = readable(SERVER_TLS_CERT_FILE.node(n), cert, "key_file")
                & readable(SERVER_TLS_KEY_FILE.node(n), key, "cert_file");
        if (!readable) {
            return ServerTls.off(handshakeTimeoutMs);
        }
        SslProvider chosen = provider(SERVER_TLS_PROVIDER.node(n), provider);
        if (chosen == null) {
            return ServerTls.off(handshakeTimeoutMs);
        }
        try {
            TlsKeyPair.check(Path.of(cert).toFile(), Path.of(key).toFile(), password.isEmpty() ? null : password);
            SslContext context = SslContextBuilder.forServer(Path.of(cert).toFile(), Path.of(key).toFile(),
                            password.isEmpty() ? null : password)
                    .sslProvider(chosen)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .applicationProtocolConfig(HTTP_1_1_ONLY)
                    .build();
            return new ServerTls(cert, key, handshakeTimeoutMs, context, engine(chosen, provider));
        } catch (Exception e) { // SSLException, or IllegalArgumentException for a file that holds no certificate or key
            String reason = reason(e);
            if (!password.isEmpty()) {
                reason = reason.replace(password, "[key_password]");
            }
            SERVER_TLS_CERT_FILE.node(n).problem("cannot serve TLS with this certificate and key_file "
                    + SERVER_TLS_KEY_FILE.node(n).quote(key) + ": " + reason
                    + " (expected: a PEM certificate chain, and its PEM private key, PKCS#8 or PKCS#1, with key_password when encrypted)");
            return ServerTls.off(handshakeTimeoutMs);
        }
    }

    private static boolean readable(ConfigNode node, String file, String other) {
        if (file.isEmpty()) {
            node.problem("is required when server.tls." + other + " is set");
            return false;
        }
        if (!Files.isReadable(Path.of(file))) {
            node.problem("cannot read " + node.quote(file) + " (expected: a readable PEM file)");
            return false;
        }
        return true;
    }

    /** The provider asked for; null (recorded) when {@code openssl} is asked for and unavailable. */
    private static SslProvider provider(ConfigNode node, String provider) {
        return switch (provider) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                if (OpenSsl.isAvailable()) {
                    yield SslProvider.OPENSSL;
                }
                node.problem("openssl: netty-tcnative is not available on this platform ("
                        + OpenSsl.unavailabilityCause() + ") (expected: auto or jdk)");
                yield null;
            }
            default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    private static String engine(SslProvider chosen, String asked) {
        if (chosen == SslProvider.OPENSSL) {
            return "BoringSSL (netty-tcnative, " + OpenSsl.versionString() + ")";
        }
        return asked.equals("jdk") ? "JDK (provider: jdk)"
                : "JDK (netty-tcnative is not available: " + OpenSsl.unavailabilityCause() + ")";
    }

    private static String reason(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 400; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && out.indexOf(m) < 0) {
                out.append(out.length() == 0 ? "" : ": ").append(m);
            }
        }
        return out.length() == 0 ? e.getClass().getSimpleName() : out.toString();
    }
}
