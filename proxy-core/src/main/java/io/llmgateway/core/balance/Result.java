package io.llmgateway.core.balance;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.Usage;

/**
 * How one attempt ended, given to {@link Lease#release}.
 *
 * @param status       the upstream HTTP status, or 0 when there was no response
 * @param error        the kind of ending ({@link ErrorKind#NONE} for a normal answer)
 * @param usage        the tokens the provider reported, or null (the reservation then stands, or is
 *                     given back when the provider generated nothing)
 * @param retryAfterMs what the provider said in {@code retry-after} / {@code retry-after-ms}, or -1
 * @param headers      the upstream response headers, for the provider's rate-limit headers, or null
 */
public record Result(int status, ErrorKind error, Usage usage, long retryAfterMs, HeaderLookup headers) {

    /** The client went away before the end. */
    public static final Result CANCELLED = new Result(0, ErrorKind.CANCELLED, null, -1, null);

    public Result {
        requireNonNull(error, "error");
    }

    /** A normal answer. */
    public static Result success(int status, Usage usage, HeaderLookup headers) {
        return new Result(status, ErrorKind.NONE, usage, -1, headers);
    }

    /** A failure, classified by the caller: without a response (status 0) or with one. */
    public static Result failure(ErrorKind error, int status, long retryAfterMs, HeaderLookup headers) {
        return new Result(status, error, null, retryAfterMs, headers);
    }
}
