package io.llmgateway.codec.spi;

/** How an upstream stream ended, as {@link ResponseTranslator#endOfStream} judges it. */
public enum StreamEnd {
    /** The protocol's terminal event was seen; the closing events were added. */
    COMPLETE,
    /** Cut short without an error from the upstream: the core reports an in-stream error. */
    TRUNCATED,
    /** The upstream reported an error in the stream, already translated into an error event. */
    FAILED
}
