package io.llmgateway.codec.json;

import io.llmgateway.codec.json.JsonTokenizer.Token;

/**
 * The words of every {@link InvalidRequestBodyException} that {@link RequestFieldScanner}
 * raises, in one place so that they stay in OpenAI's own phrasing ("Invalid type for 'stream':
 * expected a boolean, but got a string instead.") and always carry the value and the
 * expectation. Only built on the way to a 400: nothing here is on the path of a valid body.
 */
final class RequestBodyErrors {

    static final String PARSE_ERROR = "We could not parse the JSON body of your request: ";

    private RequestBodyErrors() {
    }

    /** A fault of the JSON itself; {@code param} is null, since no field is at fault. */
    static InvalidRequestBodyException syntax(JsonSyntaxException e, int maxDepth) {
        String message = switch (e.kind()) {
            case TRAILING_DATA -> PARSE_ERROR + "unexpected data after the JSON object at byte offset " + e.offset() + '.';
            case TRUNCATED -> PARSE_ERROR + "unexpected end of input at byte offset " + e.offset()
                    + " (expected: a complete JSON object).";
            case TOO_DEEP -> "The JSON body of your request is nested deeper than " + maxDepth
                    + " levels (at byte offset " + e.offset() + ").";
            case MALFORMED -> PARSE_ERROR + e.reason() + " (at byte offset " + e.offset() + ").";
        };
        return new InvalidRequestBodyException(message, null);
    }

    static InvalidRequestBodyException empty() {
        return new InvalidRequestBodyException(PARSE_ERROR + "the body is empty (expected: a JSON object).", null);
    }

    static InvalidRequestBodyException notAnObject(Token root) {
        return new InvalidRequestBodyException(
                "The request body must be a JSON object, but got " + describe(root) + " instead.", null);
    }

    static InvalidRequestBodyException duplicateModel() {
        return new InvalidRequestBodyException("Duplicate key 'model' in the request body.", "model");
    }

    static InvalidRequestBodyException type(String param, String expected, Token actual) {
        return new InvalidRequestBodyException("Invalid type for '" + param + "': expected " + expected
                + ", but got " + describe(actual) + " instead.", param);
    }

    static InvalidRequestBodyException tooLong(String param, int max, int length) {
        return new InvalidRequestBodyException("Invalid '" + param + "': string too long. Expected a string with "
                + "maximum length " + max + ", but got a string with length " + length + " instead.", param);
    }

    /** A negative token limit; {@code value} as the client wrote it. */
    static InvalidRequestBodyException belowZero(String param, String value) {
        return new InvalidRequestBodyException("Invalid '" + param
                + "': integer below minimum value. Expected a value >= 0, but got " + value + " instead.", param);
    }

    /** A token limit above {@link Long#MAX_VALUE}; {@code value} as the client wrote it. */
    static InvalidRequestBodyException aboveMaximum(String param, String value) {
        return new InvalidRequestBodyException("Invalid '" + param + "': integer above maximum value. Expected a value <= "
                + Long.MAX_VALUE + ", but got " + value + " instead.", param);
    }

    static InvalidRequestBodyException tooLarge() {
        return new InvalidRequestBodyException("The request body is too large.", null);
    }

    /** A value's type as OpenAI's messages name it. */
    static String describe(Token token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case DECIMAL -> "a decimal";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
            default -> token.toString();
        };
    }
}
