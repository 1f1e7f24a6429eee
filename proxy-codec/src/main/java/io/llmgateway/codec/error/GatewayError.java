package io.llmgateway.codec.error;

/**
 * Every error the gateway itself answers, each with the HTTP status, OpenAI error {@code type} and
 * {@code code} a client sees. One list, used everywhere the gateway writes an error of its own, and
 * the one README's error table is checked against. Errors relayed from a provider keep the
 * provider's status and body instead (see the adapters' error mapping).
 *
 * <pre>
 *   Responses.error(alloc, GatewayError.MODEL_NOT_FOUND, "The model 'x' does not exist", "model", id, close)
 *   OpenAiErrors.sseEvent(alloc, GatewayError.UPSTREAM_TIMEOUT, "upstream 'p' sent nothing for 5000 ms")
 * </pre>
 */
public enum GatewayError {

    /** Malformed JSON, a body that is not an object, a field of the wrong type, a missing model; {@code param} names the field. */
    INVALID_REQUEST(400, OpenAiErrors.INVALID_REQUEST, null),
    /** The request line or headers cannot be parsed, or the framing is ambiguous (then the connection closes). */
    MALFORMED_HTTP(400, OpenAiErrors.INVALID_REQUEST, "malformed_http"),
    /** An HTTP/1.1 request without {@code Host}, any request with two, or one that is not a host (RFC 9112, 3.2). */
    INVALID_HOST(400, OpenAiErrors.INVALID_REQUEST, "invalid_host"),
    /** A request whose HTTP major version is not 1 (RFC 9110, 15.6.6). */
    HTTP_VERSION_NOT_SUPPORTED(505, OpenAiErrors.INVALID_REQUEST, "http_version_not_supported"),
    /** An {@code Expect} other than {@code 100-continue} (RFC 9110, 10.1.1). */
    EXPECTATION_FAILED(417, OpenAiErrors.INVALID_REQUEST, "expectation_failed"),
    /** The request line is longer than {@code server.max_initial_line_bytes}. */
    REQUEST_LINE_TOO_LONG(414, OpenAiErrors.INVALID_REQUEST, "malformed_http"),
    /** The header block is larger than {@code server.max_header_bytes}. */
    HEADERS_TOO_LARGE(431, OpenAiErrors.INVALID_REQUEST, "malformed_http"),
    /** The body is larger than {@code server.max_request_bytes}. */
    REQUEST_TOO_LARGE(413, OpenAiErrors.INVALID_REQUEST, "request_too_large"),
    /** The request body stalled, or did not arrive whole within {@code server.body_timeout_ms}. */
    REQUEST_TIMEOUT(408, OpenAiErrors.INVALID_REQUEST, "request_timeout"),
    /** Missing or wrong client key. */
    INVALID_API_KEY(401, OpenAiErrors.INVALID_REQUEST, "invalid_api_key"),
    /** No such route. */
    UNKNOWN_URL(404, OpenAiErrors.INVALID_REQUEST, "unknown_url"),
    /** The route exists, not with this method. */
    METHOD_NOT_ALLOWED(405, OpenAiErrors.INVALID_REQUEST, "method_not_allowed"),
    /** The model is neither an alias nor a {@code provider/model} the config knows. */
    MODEL_NOT_FOUND(404, OpenAiErrors.INVALID_REQUEST, "model_not_found"),
    /** The model's provider type cannot serve this operation (e.g. embeddings on Anthropic). */
    UNSUPPORTED_ENDPOINT(400, OpenAiErrors.INVALID_REQUEST, "unsupported_endpoint"),
    /** The request is longer than every context window configured for the model. */
    CONTEXT_LENGTH_EXCEEDED(400, OpenAiErrors.INVALID_REQUEST, "context_length_exceeded"),
    /**
     * Every deployment of the model (and of its fallbacks) is at a limit, cooling down or behind an
     * open breaker; or the client's address is over {@code server.ip_limits.requests_per_second}.
     */
    RATE_LIMIT_EXCEEDED(429, OpenAiErrors.RATE_LIMIT, "rate_limit_exceeded"),
    /** The client's virtual key may not use the model it asked for. */
    MODEL_NOT_ALLOWED(403, OpenAiErrors.INVALID_REQUEST, "model_not_allowed"),
    /** The client's virtual key, or its team, is at its requests, tokens or parallel requests per minute. */
    KEY_RATE_LIMIT_EXCEEDED(429, OpenAiErrors.RATE_LIMIT, "rate_limit_exceeded"),
    /** The client's virtual key, or its team, has spent its budget for the period. */
    BUDGET_EXCEEDED(429, OpenAiErrors.RATE_LIMIT, "budget_exceeded"),
    /** No deployment can serve the model at all (no enabled key). */
    NO_AVAILABLE_DEPLOYMENT(503, OpenAiErrors.SERVER_ERROR, "no_available_deployment"),
    /**
     * The memory budget ({@code server.max_buffered_bytes}: request bodies being received, upstream
     * answers being buffered) has no room.
     */
    SERVER_OVERLOADED(503, OpenAiErrors.SERVER_ERROR, "server_overloaded"),
    /** The upstream refused the connection, or DNS or TLS failed. */
    UPSTREAM_UNREACHABLE(502, OpenAiErrors.SERVER_ERROR, "upstream_unreachable"),
    /** The upstream closed the connection before (or while) answering. */
    UPSTREAM_DISCONNECTED(502, OpenAiErrors.SERVER_ERROR, "upstream_disconnected"),
    /** Connect, first-byte, idle or total timeout of the upstream. */
    UPSTREAM_TIMEOUT(504, OpenAiErrors.SERVER_ERROR, "upstream_timeout"),
    /** The provider refused the key's credential (HTTP 401): the gateway's misconfiguration, not the client's. */
    UPSTREAM_AUTHENTICATION_FAILED(502, OpenAiErrors.SERVER_ERROR, "upstream_authentication_failed"),
    /**
     * The key's credential is a service account whose access token the gateway could not obtain
     * (the token endpoint is down or refuses the account): nothing was sent upstream.
     */
    UPSTREAM_CREDENTIALS_UNAVAILABLE(503, OpenAiErrors.SERVER_ERROR, "upstream_credentials_unavailable"),
    /** An upstream body the gateway must buffer is larger than {@code upstream.max_response_bytes}. */
    UPSTREAM_RESPONSE_TOO_LARGE(502, OpenAiErrors.SERVER_ERROR, "upstream_response_too_large"),
    /** The upstream's event stream could not be parsed (an event over {@code upstream.max_event_bytes}, bad framing). */
    UPSTREAM_PROTOCOL_ERROR(502, OpenAiErrors.SERVER_ERROR, "upstream_protocol_error"),
    /** The upstream stream ended before its terminal event. */
    UPSTREAM_STREAM_TRUNCATED(502, OpenAiErrors.SERVER_ERROR, "upstream_stream_truncated"),
    /**
     * The upstream reported an error whose text quoted the key's credential: the gateway's own error
     * stands in for it (in-stream once a stream has begun).
     */
    UPSTREAM_ERROR_WITHHELD(502, OpenAiErrors.SERVER_ERROR, "upstream_error"),
    /** The adapter could not build the provider's request from the client's. */
    REQUEST_TRANSLATION_FAILED(500, OpenAiErrors.SERVER_ERROR, "translation_failed"),
    /** The adapter could not turn the provider's answer into OpenAI's shape. */
    RESPONSE_TRANSLATION_FAILED(502, OpenAiErrors.SERVER_ERROR, "translation_failed"),
    /** An API request on a connection opened while the gateway drains ({@code server.drain_delay_ms}). */
    SERVER_DRAINING(503, OpenAiErrors.SERVER_ERROR, "server_draining"),
    /** The gateway stopped before the request could finish ({@code server.shutdown_grace_ms}); in-stream once begun. */
    SERVER_SHUTTING_DOWN(503, OpenAiErrors.SERVER_ERROR, "server_shutting_down"),
    /** An admin API object (virtual key, team, provider key) that does not exist. */
    NOT_FOUND(404, OpenAiErrors.INVALID_REQUEST, "not_found"),
    /** An admin API change that conflicts with what exists (a duplicate id, a team still holding keys). */
    CONFLICT(409, OpenAiErrors.INVALID_REQUEST, "conflict"),
    /** A configuration given to the admin API that does not validate; the running one stays. */
    INVALID_CONFIG(400, OpenAiErrors.INVALID_REQUEST, "invalid_config"),
    /** A bug in the gateway; logged with its stack trace, never shown. */
    INTERNAL_ERROR(500, OpenAiErrors.SERVER_ERROR, null);

    private final int status;
    private final String type;
    private final String code;

    GatewayError(int status, String type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }

    /** The HTTP status of the answer (meaningless once a stream has begun: then it is an in-stream event). */
    public int status() {
        return status;
    }

    /** OpenAI's {@code error.type}. */
    public String type() {
        return type;
    }

    /** OpenAI's {@code error.code}; null where OpenAI itself sends none. */
    public String code() {
        return code;
    }
}
