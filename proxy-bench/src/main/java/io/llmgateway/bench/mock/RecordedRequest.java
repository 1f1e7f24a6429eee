package io.llmgateway.bench.mock;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * A request as the mock received it.
 *
 * @param headers a private copy; names are case-insensitive ({@code headers().get("authorization")})
 * @param body the body decoded as UTF-8, empty when there was none
 */
public record RecordedRequest(String method, String uri, HttpHeaders headers, String body) {

    /** The first value of header {@code name}, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The URI without its query string. */
    public String path() {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
