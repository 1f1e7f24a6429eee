package io.llmgateway.core.upstream;

import io.llmgateway.codec.spi.ProviderSettings;

/** Scheme, host and port of an upstream: the unit of connection pooling. */
public record Origin(boolean tls, String host, int port) {

    public static Origin of(ProviderSettings s) {
        return new Origin(s.tls(), s.host(), s.port());
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + host + ':' + port;
    }
}
