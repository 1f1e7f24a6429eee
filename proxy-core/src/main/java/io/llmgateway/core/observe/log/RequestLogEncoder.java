package io.llmgateway.core.observe.log;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.observe.OutcomeCost;
import io.llmgateway.core.observe.ExchangeTimings;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.proxy.LoggedContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Turns an {@link ExchangeOutcome} into one line of the request log: a JSON object written with
 * jackson-core's streaming generator (README "Request log" shows a line and every field).
 *
 * <p>Ids only, never a secret: the provider key's id, the client key's id; the error is a code,
 * never an upstream's message. Content appears only when the outcome carries some
 * ({@code logging.include_content}), masked as {@code logging.mask} says.
 *
 * <p>Single-threaded (it reuses one buffer): the observer thread has its own; a lazy
 * {@link RequestLogEntry} read on another thread uses a fresh one.
 */
final class RequestLogEncoder {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ByteArrayBuilder out = new ByteArrayBuilder(1024);
    /** The formatted second of the last timestamp, and which second it was: requests come many per second. */
    private String secondText = "";
    private long second = Long.MIN_VALUE;
    private final ContentMasker masker;
    private final int maxBytes;

    RequestLogEncoder(LoggingConfig.Content content) {
        this.masker = new ContentMasker(content.masks());
        this.maxBytes = content.maxBytes();
    }

    /**
     * The entry of {@code o}.
     *
     * @param arrivalEpochMillis when its request arrived, in wall-clock time
     */
    RequestLogEntry encode(ExchangeOutcome o, long arrivalEpochMillis) {
        return RequestLogEntry.encoded(o, encodeUtf8(o, arrivalEpochMillis));
    }

    /** The entry of {@code o} as UTF-8 bytes: jackson's byte generator, into one reused buffer. */
    byte[] encodeUtf8(ExchangeOutcome o, long arrivalEpochMillis) {
        out.reset();
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, o, arrivalEpochMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("a ByteArrayBuilder does not fail", e);
        }
        return out.toByteArray();
    }

    /** {@code epochMillis} as {@code 2026-12-06T06:52:20.123Z}; the formatter runs once per second. */
    String timestamp(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            secondText = SECOND.format(Instant.ofEpochSecond(s));
            second = s;
        }
        int ms = (int) Math.floorMod(epochMillis, 1000);
        char[] text = new char[secondText.length() + 5];
        secondText.getChars(0, secondText.length(), text, 0);
        int i = secondText.length();
        text[i] = '.';
        text[i + 1] = (char) ('0' + ms / 100);
        text[i + 2] = (char) ('0' + ms / 10 % 10);
        text[i + 3] = (char) ('0' + ms % 10);
        text[i + 4] = 'Z';
        return new String(text);
    }

    private void write(JsonGenerator g, ExchangeOutcome o, long arrivalEpochMillis) throws IOException {
        g.writeStartObject();
        g.writeStringField("timestamp", timestamp(arrivalEpochMillis));
        g.writeStringField("request_id", o.requestId());
        g.writeStringField("req_id", o.requestId());
        g.writeStringField("client_key_id", o.clientKeyId());
        g.writeStringField("alias", o.alias());
        g.writeStringField("model", o.upstreamModel() != null ? o.upstreamModel() : o.alias());
        g.writeStringField("provider", o.providerId());
        g.writeStringField("key_id", o.keyId());
        g.writeStringField("upstream_model", o.upstreamModel());
        g.writeBooleanField("stream", o.stream());
        g.writeNumberField("status", o.status());
        g.writeStringField("error_code", o.errorCode());
        g.writeStringField("error", error(o));
        g.writeNumberField("attempts", o.attempts().size());
        g.writeArrayFieldStart("attempt_list");
        for (AttemptOutcome a : o.attempts()) {
            writeAttempt(g, a);
        }
        g.writeEndArray();
        g.writeNumberField("latency_ms", millis(ExchangeTimings.durationNanos(o)));
        long ttft = ExchangeTimings.timeToFirstTokenNanos(o);
        if (ttft == ExchangeTimings.NONE) {
            g.writeNullField("ttft_ms");
        } else {
            g.writeNumberField("ttft_ms", millis(ttft));
        }
        long overhead = ExchangeTimings.overheadNanos(o);
        if (overhead == ExchangeTimings.NONE) {
            g.writeNullField("overhead_us");
        } else {
            g.writeNumberField("overhead_us", overhead / 1_000);
        }
        writeTokens(g, o.usage(), o.usageEstimated());
        g.writeNumberField("cost_usd", OutcomeCost.usd(o));
        g.writeBooleanField("client_aborted", o.clientAborted());
        if (o.cache() != null) {
            g.writeStringField("cache", o.cache().label());
        }
        g.writeNumberField("bytes_in", o.bytesIn());
        g.writeNumberField("bytes_out", o.bytesOut());
        if (o.content() != null) {
            writeContent(g, o);
        }
        g.writeEndObject();
    }

    /**
     * The seed design's {@code error}: the error code; for a failure without one (a provider's error
     * relayed as it was), how the last attempt failed; empty for a success.
     */
    private static String error(ExchangeOutcome o) {
        if (o.errorCode() != null) {
            return o.errorCode();
        }
        if (o.status() >= 200 && o.status() < 400 || o.attempts().isEmpty()) {
            return "";
        }
        ErrorKind last = o.attempts().get(o.attempts().size() - 1).error();
        return last == ErrorKind.NONE ? "" : kind(last);
    }

    private static String kind(ErrorKind error) {
        return error.name().toLowerCase(Locale.ROOT);
    }

    private static void writeAttempt(JsonGenerator g, AttemptOutcome a) throws IOException {
        g.writeStartObject();
        g.writeStringField("provider", a.deployment().provider().id());
        g.writeStringField("key_id", a.deployment().key().id());
        g.writeNumberField("status", a.status());
        g.writeStringField("error", a.error() == ErrorKind.NONE ? null : kind(a.error()));
        g.writeNumberField("latency_ms", millis(Math.max(0, a.endNanos() - a.startNanos())));
        g.writeEndObject();
    }

    private static void writeTokens(JsonGenerator g, Usage u, boolean estimated) throws IOException {
        if (u == null) {
            g.writeNullField("tokens");
            return;
        }
        g.writeObjectFieldStart("tokens");
        g.writeNumberField("prompt", u.promptTokens());
        g.writeNumberField("completion", u.completionTokens());
        g.writeNumberField("cached", u.cachedTokens());
        g.writeNumberField("total", u.totalTokens());
        g.writeBooleanField("estimated", estimated);
        g.writeEndObject();
    }

    private void writeContent(JsonGenerator g, ExchangeOutcome o) throws IOException {
        LoggedContent c = o.content();
        g.writeStringField("request", masked(new String(c.request(), StandardCharsets.UTF_8)));
        g.writeBooleanField("request_truncated", c.requestTruncated());
        boolean truncated = c.responseTruncated();
        String response = null;
        if (c.response() != null && o.stream() && o.status() >= 200 && o.status() < 300) {
            String all = StreamText.of(c.response());
            response = StreamText.capped(all, maxBytes);
            truncated |= response.length() < all.length();
        } else if (c.response() != null) {
            response = new String(c.response(), StandardCharsets.UTF_8);
        }
        g.writeStringField("response", response == null ? null : masked(response));
        g.writeBooleanField("response_truncated", truncated);
    }

    /** {@code s} as {@code logging.mask} says (a UTF-8 sequence cut by the size cap reads as U+FFFD). */
    private String masked(String s) {
        return masker.active() ? masker.mask(s) : s;
    }

    /** Milliseconds with microsecond precision. */
    private static double millis(long nanos) {
        return (nanos / 1_000) / 1_000.0;
    }
}
