package io.llmgateway.codec.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What an adapter knows about one configured provider: its origin, base path and the
 * protocol-specific options of {@code providers[]} in the YAML. Immutable; built once per
 * config snapshot by the core and shared by every request on every thread.
 *
 * @param id            the provider's {@code id} in the YAML (used in logs and error messages)
 * @param type          the adapter type ({@code openai}, {@code openai-compatible}, {@code azure},
 *                      {@code anthropic}, {@code gemini}, {@code vertex}, {@code bedrock})
 * @param tls           whether the origin speaks HTTPS
 * @param host          the origin host, also sent as {@code Host} and SNI
 * @param port          the origin port
 * @param basePath      the path of {@code base_url}, without a trailing slash ({@code ""} if none)
 * @param headers       extra headers sent on every upstream request ({@code headers:} in the YAML)
 * @param query         extra query parameters appended to every upstream URL ({@code query:})
 * @param apiVersion    Azure {@code api-version} / Anthropic {@code anthropic-version}; null for the default
 * @param deployments   Azure: upstream model name to deployment name; empty when they are equal
 * @param azureV1       Azure: use the {@code /openai/v1/} form instead of {@code /openai/deployments/}
 * @param project       Vertex: the Google Cloud project; null otherwise
 * @param location      Vertex: the region ({@code us-central1}, {@code global}); null otherwise
 * @param region        Bedrock: the AWS region; null otherwise
 * @param authMode      how the key's secret is presented where a provider allows several
 *                      ({@code api_key} or {@code bearer}); null for the provider's default
 * @param api           which of a provider's APIs serves chat where it has several (Bedrock:
 *                      {@code openai} or {@code converse}); null for the adapter's default
 */
public record ProviderSettings(
        String id,
        String type,
        boolean tls,
        String host,
        int port,
        String basePath,
        Map<String, String> headers,
        Map<String, String> query,
        String apiVersion,
        Map<String, String> deployments,
        boolean azureV1,
        String project,
        String location,
        String region,
        String authMode,
        String api) {

    /** Settings without an {@code api} choice (the adapter's default). */
    public ProviderSettings(String id, String type, boolean tls, String host, int port, String basePath,
            Map<String, String> headers, Map<String, String> query, String apiVersion, Map<String, String> deployments,
            boolean azureV1, String project, String location, String region, String authMode) {
        this(id, type, tls, host, port, basePath, headers, query, apiVersion, deployments, azureV1, project, location,
                region, authMode, null);
    }

    public ProviderSettings {
        requireNonNull(id, "id");
        requireNonNull(type, "type");
        requireNonNull(host, "host");
        requireNonNull(basePath, "basePath");
        headers = Map.copyOf(requireNonNull(headers, "headers"));
        query = Map.copyOf(requireNonNull(query, "query"));
        deployments = Map.copyOf(requireNonNull(deployments, "deployments"));
    }

    /** A plain provider of the given type at {@code https://host}; convenient for tests. */
    public static ProviderSettings of(String id, String type, boolean tls, String host, int port, String basePath) {
        return new ProviderSettings(id, type, tls, host, port, basePath, Map.of(), Map.of(), null, Map.of(),
                false, null, null, null, null);
    }

    @Override
    public String toString() {
        // Header and query values may carry credentials: only their names are shown.
        return "ProviderSettings[id=" + id + ", type=" + type + ", origin=" + (tls ? "https://" : "http://") + host + ':'
                + port + basePath + ", headers=" + headers.keySet() + ", query=" + query.keySet() + ", apiVersion="
                + apiVersion + ", deployments=" + deployments + ", azureV1=" + azureV1 + ", project=" + project
                + ", location=" + location + ", region=" + region + ", authMode=" + authMode + ", api=" + api + ']';
    }

    /** {@code Host} header value: the port is omitted when it is the scheme's default. */
    public String hostHeader() {
        boolean defaultPort = tls ? port == 443 : port == 80;
        return defaultPort ? host : host + ':' + port;
    }
}
