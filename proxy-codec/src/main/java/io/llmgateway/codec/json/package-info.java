/**
 * JSON on the hot path, without databind or trees.
 *
 * <ul>
 *   <li>{@link io.llmgateway.codec.json.RequestFieldScanner} reads the routing fields of a request
 *       body as its buffers arrive ({@code RoutingFieldReader} interprets the tokens, by
 *       {@code TopLevelField}), over {@link io.llmgateway.codec.json.JsonTokenizer}: a
 *       resumable byte-level tokenizer that validates every byte in place and decodes only the
 *       tokens its caller asks for ({@code JsonStringReader}, {@code JsonNumberReader},
 *       {@code JsonLiteralReader} read one token each; {@code CappedText} holds what is decoded,
 *       up to a cap). {@link io.llmgateway.codec.json.ModelSplice} swaps the model value by
 *       slicing around it.</li>
 *   <li>{@link io.llmgateway.codec.json.UsageScanner} reads {@code usage} from a response, with
 *       jackson-core's non-blocking parser ({@code AsyncJsonInput}): responses are bounded by
 *       {@code upstream.max_response_bytes} and their strings are short.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Scanners are single-owner objects, created per request or response and
 * used by one event loop: they hold no locks and publish nothing, so they need no
 * synchronisation and must not be shared. {@code ModelSplice} is stateless. Nothing here blocks.
 *
 * <p><b>Buffer ownership.</b> Buffers passed in are borrowed: never released, indexes untouched,
 * no reference kept after the call returns (the tokenizer drops its view of a buffer before
 * {@code feed} returns). Buffers returned are owned by the caller. Offsets in
 * {@link io.llmgateway.codec.json.RequestFields} count bytes from the first byte scanned, which is
 * the reader index of the body as a whole (a byte order mark included).
 *
 * <p><b>Memory.</b> Scanning a request allocates a few hundred bytes whatever its size, plus a
 * {@code ByteBuffer} view per buffer fed: no value is copied or decoded unless it is a routing
 * field, and those are decoded up to a cap ({@code RequestFieldScannerAllocationTest} holds a
 * 9 MB body to under 64 KB).
 */
package io.llmgateway.codec.json;
