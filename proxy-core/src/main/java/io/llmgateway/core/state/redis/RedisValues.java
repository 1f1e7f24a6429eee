package io.llmgateway.core.state.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.core.state.QuotaReading;
import io.llmgateway.core.state.SharedFlag;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * How flags and quota readings are written in Redis hashes. A flag is field {@code <KIND> <id>}
 * (e.g. {@code COOLDOWN openai/k1}) with value {@code {"until":<epoch ms>,"reason":"...","origin":"..."}}:
 * JSON, so that a reason may hold any character, and {@code until} first, where the flags script
 * reads it. A quota reading is its seven numbers joined by commas.
 */
final class RedisValues {

    private static final JsonFactory JSON = new JsonFactory();

    private RedisValues() {
    }

    static String flagField(SharedFlag.Kind kind, String id) {
        return kind.name() + ' ' + id;
    }

    static String flagValue(SharedFlag flag) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("until", flag.untilMillis());
            g.writeStringField("reason", flag.reason());
            g.writeStringField("origin", flag.origin());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write flag " + flag.kind() + ' ' + flag.id(), e);
        }
        return out.toString();
    }

    /** The flag of a hash entry; {@code null} when the entry is not one this store wrote. */
    static SharedFlag flag(String field, String value) {
        int space = field.indexOf(' ');
        if (space <= 0 || space == field.length() - 1) {
            return null;
        }
        SharedFlag.Kind kind;
        try {
            kind = SharedFlag.Kind.valueOf(field.substring(0, space));
        } catch (IllegalArgumentException e) {
            return null;
        }
        long until = Long.MIN_VALUE;
        String reason = null;
        String origin = null;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "until" -> until = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : Long.MIN_VALUE;
                    case "reason" -> reason = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "origin" -> origin = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (until == Long.MIN_VALUE || reason == null || origin == null) {
            return null;
        }
        return new SharedFlag(kind, field.substring(space + 1), until, reason, origin);
    }

    static String quotaValue(QuotaReading q) {
        return q.limitRequests() + "," + q.remainingRequests() + "," + q.resetRequestsAtMillis() + ","
                + q.limitTokens() + "," + q.remainingTokens() + "," + q.resetTokensAtMillis() + "," + q.atMillis();
    }

    /** The reading of a hash value; {@code null} when it is not one this store wrote. */
    static QuotaReading quota(String value) {
        String[] n = value.split(",", -1);
        if (n.length != 7) {
            return null;
        }
        try {
            return new QuotaReading(Long.parseLong(n[0]), Long.parseLong(n[1]), Long.parseLong(n[2]),
                    Long.parseLong(n[3]), Long.parseLong(n[4]), Long.parseLong(n[5]), Long.parseLong(n[6]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
