package io.llmgateway.core.cli.litellm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A provider of the converted config: one per distinct LiteLLM endpoint, credential and limits, so
 * that each LiteLLM deployment keeps its own {@code rpm}/{@code tpm} as the limits of its key.
 * Strings hold the config's text as written ({@code ${VAR}} references included).
 */
final class ImportedProvider {

    final String id;
    final String type;
    final String baseUrl;
    final String apiVersion;
    final String region;
    final String project;
    final String location;
    final Map<String, String> headers;
    final String secret;
    final long rpm;
    final long tpm;
    final int line;
    /** Model → {prompt, completion} USD per million tokens. */
    final Map<String, double[]> prices = new LinkedHashMap<>();

    ImportedProvider(String id, Deployment d) {
        this.id = id;
        this.type = d.provider().type();
        this.baseUrl = d.baseUrl();
        this.apiVersion = d.apiVersion();
        this.region = d.region();
        this.project = d.project();
        this.location = d.location();
        this.headers = d.headers();
        this.secret = d.secret();
        this.rpm = d.rpm();
        this.tpm = d.tpm();
        this.line = d.line();
    }

    /**
     * What makes two deployments one provider here: the same endpoint, credential, headers and
     * limits — and the same model when there are limits, since LiteLLM counts them per deployment.
     */
    static String identity(Deployment d) {
        String limited = d.rpm() > 0 || d.tpm() > 0 ? d.model() : "";
        return String.join("\u0000", limited, d.provider().type(), String.valueOf(d.baseUrl()), String.valueOf(d.apiVersion()),
                String.valueOf(d.region()), String.valueOf(d.project()), String.valueOf(d.location()),
                d.headers().toString(), d.secret(), Long.toString(d.rpm()), Long.toString(d.tpm()));
    }
}
