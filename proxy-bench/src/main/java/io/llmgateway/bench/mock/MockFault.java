package io.llmgateway.bench.mock;

import java.util.Locale;

/** A failure the mock upstream injects instead of (or in the middle of) a normal answer. */
public enum MockFault {
    /** Answer normally. */
    NONE("none"),
    /**
     * Send the response head and about half of the body (half of the stream's content events, or
     * half of a JSON body), then close the socket: no {@code [DONE]}, no terminating chunk.
     */
    DISCONNECT_MID_STREAM("disconnect-mid-stream"),
    /**
     * Streams only: send the head and about half of the content events, then the protocol's
     * in-stream error event (OpenAI's {@code data: {"error":...}}, Anthropic's {@code event: error},
     * Gemini's {@code {"error":...}} chunk), and end the response there. JSON answers are unaffected.
     */
    ERROR_MID_STREAM("error-mid-stream"),
    /**
     * Send the response head and about half of the body (half of the stream's content events, or
     * half of a JSON body announced whole), then nothing more: the connection stays open, silent,
     * until the client closes it (an upstream that stalls mid-answer).
     */
    STALL_MID_STREAM("stall-mid-stream"),
    /** Wait {@link MockOptions#slowFirstByteMs()} before the response head, then answer normally. */
    SLOW_FIRST_BYTE("slow-first-byte"),
    /** Read the request, then close the connection without a byte of response. */
    CLOSE_BEFORE_RESPONSE("close-before-response"),
    /** Read the request and never answer; the connection stays open until the client closes it. */
    HANG("hang");

    static final String EXPECTED =
            "none, disconnect-mid-stream, error-mid-stream, stall-mid-stream, slow-first-byte, close-before-response "
                    + "or hang";

    private final String headerValue;

    MockFault(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The spelling used in {@code x-mock-fault} and on the command line. */
    public String headerValue() {
        return headerValue;
    }

    /** Parses the {@code x-mock-fault} spelling, case-insensitively. */
    public static MockFault parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (MockFault fault : values()) {
            if (fault.headerValue.equals(v)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("fault: " + value + " (expected: " + EXPECTED + ")");
    }

    @Override
    public String toString() {
        return headerValue;
    }
}
