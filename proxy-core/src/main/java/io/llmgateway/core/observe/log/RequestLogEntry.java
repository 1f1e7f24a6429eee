package io.llmgateway.core.observe.log;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.proxy.ExchangeOutcome;
import java.nio.charset.StandardCharsets;

/**
 * One line of the request log, with the fields the in-memory ring filters on. Either encoded when
 * made (what the sinks write), or kept as its outcome and encoded when first read: the ring alone
 * (the default) then costs the observer a slot assignment per request, not an encoding — the
 * admin API reads a few entries now and then, the requests come by the ten thousand per second.
 * Thread-safe: a lazy entry may be encoded by whichever thread reads it first.
 */
public final class RequestLogEntry {

    private final String provider;
    private final int status;
    private final String keyId;
    private final String clientKeyId;
    /** The entry as text and as UTF-8 bytes; each made from the other (or the outcome) when first asked for. */
    private volatile String json;
    private volatile byte[] utf8;
    /** The outcome of a lazy entry; null once encoded or for an entry encoded when made. */
    private final ExchangeOutcome outcome;
    private final long arrivalEpochMillis;
    private final LoggingConfig.Content content;

    /**
     * An encoded entry.
     *
     * @param provider    the provider of the last attempt; null when none was made
     * @param status      the HTTP status sent to the client (0 when none was)
     * @param keyId       the provider key id of the last attempt; null when none was made
     * @param clientKeyId the id of the client key; null when client authentication is off
     * @param json        the entry: one JSON object, no line break
     */
    public RequestLogEntry(String provider, int status, String keyId, String clientKeyId, String json) {
        this.provider = provider;
        this.status = status;
        this.keyId = keyId;
        this.clientKeyId = clientKeyId;
        this.json = requireNonNull(json, "json");
        this.outcome = null;
        this.arrivalEpochMillis = 0;
        this.content = null;
    }

    private RequestLogEntry(ExchangeOutcome outcome, byte[] utf8) {
        this.provider = outcome.providerId();
        this.status = outcome.status();
        this.keyId = outcome.keyId();
        this.clientKeyId = outcome.clientKeyId();
        this.utf8 = requireNonNull(utf8, "utf8");
        this.outcome = null;
        this.arrivalEpochMillis = 0;
        this.content = null;
    }

    /** The entry of {@code outcome}, encoded as {@code utf8}: what the sinks get. */
    static RequestLogEntry encoded(ExchangeOutcome outcome, byte[] utf8) {
        return new RequestLogEntry(outcome, utf8);
    }

    private RequestLogEntry(ExchangeOutcome outcome, long arrivalEpochMillis, LoggingConfig.Content content) {
        this.provider = outcome.providerId();
        this.status = outcome.status();
        this.keyId = outcome.keyId();
        this.clientKeyId = outcome.clientKeyId();
        this.outcome = outcome;
        this.arrivalEpochMillis = arrivalEpochMillis;
        this.content = requireNonNull(content, "content");
    }

    /** The entry of {@code outcome}, encoded (as {@code content} says) when its JSON is first asked for. */
    static RequestLogEntry lazy(ExchangeOutcome outcome, long arrivalEpochMillis, LoggingConfig.Content content) {
        return new RequestLogEntry(outcome, arrivalEpochMillis, content);
    }

    public String provider() {
        return provider;
    }

    public int status() {
        return status;
    }

    public String keyId() {
        return keyId;
    }

    public String clientKeyId() {
        return clientKeyId;
    }

    /** The entry: one JSON object, no line break. */
    public String json() {
        String j = json;
        if (j == null) {
            j = new String(utf8(), StandardCharsets.UTF_8);
            json = j;
        }
        return j;
    }

    /** {@link #json()} in UTF-8, as a file gets it. The caller must not change the array. */
    public byte[] utf8() {
        byte[] b = utf8;
        if (b == null) {
            String j = json;
            b = j != null ? j.getBytes(StandardCharsets.UTF_8)
                    : new RequestLogEncoder(content).encodeUtf8(outcome, arrivalEpochMillis);
            utf8 = b;
        }
        return b;
    }

    @Override
    public String toString() {
        return json();
    }
}
