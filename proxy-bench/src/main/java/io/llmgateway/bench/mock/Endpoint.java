package io.llmgateway.bench.mock;

/**
 * The OpenAI operation a path asks for, matched on the path's end so that any prefix works
 * ({@code /v1/chat/completions}, {@code /prefix/v1/chat/completions}, {@code /chat/completions}).
 */
enum Endpoint {
    CHAT,
    COMPLETIONS,
    EMBEDDINGS,
    /** {@code POST .../responses}: OpenAI's Responses API. */
    RESPONSES,
    /** {@code GET .../models}. */
    MODELS,
    /** {@code GET .../models/{id}}. */
    MODEL,
    UNKNOWN;

    /** The endpoint of {@code path} (no query string). */
    static Endpoint of(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (p.endsWith("/chat/completions")) {
            return CHAT;
        }
        if (p.endsWith("/completions")) {
            return COMPLETIONS;
        }
        if (p.endsWith("/embeddings")) {
            return EMBEDDINGS;
        }
        if (p.endsWith("/responses")) {
            return RESPONSES;
        }
        if (p.endsWith("/models")) {
            return MODELS;
        }
        int slash = p.lastIndexOf('/');
        if (slash > 0 && slash < p.length() - 1 && p.substring(0, slash).endsWith("/models")) {
            return MODEL;
        }
        return UNKNOWN;
    }

    /** The model id of a {@code .../models/{id}} path. */
    static String modelId(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
