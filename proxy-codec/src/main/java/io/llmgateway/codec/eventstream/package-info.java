/**
 * AWS's binary event stream ({@code application/vnd.amazon.eventstream}), the framing of Bedrock's
 * ConverseStream: {@link io.llmgateway.codec.eventstream.EventStreamSplitter} cuts a response body
 * into CRC-checked messages, {@link io.llmgateway.codec.eventstream.EventStreamMessage} reads their
 * headers and payload, {@link io.llmgateway.codec.eventstream.EventStreamWriter} writes them (mock
 * and tests).
 *
 * <p><b>Threading.</b> A splitter belongs to one stream on one event loop; it holds no locks and
 * must not be shared. The reader and writer are stateless. Nothing here blocks.
 *
 * <p><b>Buffer ownership.</b> {@code EventStreamSplitter.split} takes ownership of the chunk it is
 * given (releases it) and hands every message to the caller as a buffer the caller must release;
 * it holds references to an unfinished message until the message completes or {@code release()}
 * is called. {@code EventStreamMessage} borrows the message; the payload slice it returns is valid
 * only while the message is.
 */
package io.llmgateway.codec.eventstream;
