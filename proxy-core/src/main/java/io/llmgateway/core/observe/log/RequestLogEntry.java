package io.llmgateway.core.observe.log;

/**
 * One line of the request log, encoded, with the fields the in-memory ring filters on.
 *
 * @param provider    the provider of the last attempt; null when none was made
 * @param status      the HTTP status sent to the client (0 when none was)
 * @param keyId       the provider key id of the last attempt; null when none was made
 * @param clientKeyId the id of the client key; null when client authentication is off
 * @param json        the entry: one JSON object, no line break
 */
public record RequestLogEntry(String provider, int status, String keyId, String clientKeyId, String json) {
}
