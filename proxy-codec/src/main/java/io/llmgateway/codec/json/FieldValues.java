package io.llmgateway.codec.json;

import io.llmgateway.codec.json.JsonTokenizer.Token;

/**
 * The value of a routing field, read from the token {@link JsonTokenizer} just returned, with
 * the field's type rules: what {@link RequestFieldScanner} does with a value once it knows
 * whose it is. Stateless.
 */
final class FieldValues {

    private FieldValues() {
    }

    /** The string just read, which was captured up to {@code max} chars: longer is refused, never cut. */
    static String string(JsonTokenizer tokens, String param, int max) throws InvalidRequestBodyException {
        CappedText text = tokens.text();
        if (text.truncated()) {
            throw RequestBodyErrors.tooLong(param, max, text.length());
        }
        return text.toString();
    }

    /** A boolean; null means false. */
    static boolean booleanOrNull(String param, Token token) throws InvalidRequestBodyException {
        return switch (token) {
            case TRUE -> true;
            case FALSE, NULL -> false;
            default -> throw RequestBodyErrors.type(param, "a boolean", token);
        };
    }

    /** A token limit: an integer from 0 to {@link Long#MAX_VALUE}; -1 for null. */
    static long tokenLimit(JsonTokenizer tokens, String param, Token token) throws InvalidRequestBodyException {
        if (token == Token.NULL) {
            return -1;
        }
        if (token != Token.INTEGER) {
            throw RequestBodyErrors.type(param, "an integer", token);
        }
        JsonNumberReader number = tokens.number();
        if (number.negative() && (number.overflow() || number.magnitude() != 0)) {
            throw RequestBodyErrors.belowZero(param, quoted(tokens.text()));
        }
        if (number.overflow()) {
            throw RequestBodyErrors.aboveMaximum(param, quoted(tokens.text()));
        }
        return number.magnitude();
    }

    private static String quoted(CappedText number) {
        return number.truncated() ? number + "... (" + number.length() + " characters)" : number.toString();
    }
}
