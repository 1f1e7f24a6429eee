/**
 * The framings of a streamed upstream response and the common face of their splitters
 * ({@link io.llmgateway.codec.stream.StreamSplitter}), so that a relay does not care whether the
 * events are server-sent events or AWS event-stream messages. Same threading and ownership rules
 * as {@link io.llmgateway.codec.sse}: a splitter per stream, on one event loop, taking ownership of
 * each chunk and handing every event to the caller.
 */
package io.llmgateway.codec.stream;
