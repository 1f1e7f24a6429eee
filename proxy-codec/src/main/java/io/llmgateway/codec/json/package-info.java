/**
 * JSON on the hot path, with jackson-core's streaming parser only (no databind, no trees).
 *
 * <ul>
 *   <li>{@link io.llmgateway.codec.json.RequestFieldScanner} reads the routing fields of a request
 *       body as its buffers arrive; {@link io.llmgateway.codec.json.ModelSplice} swaps the model
 *       value by slicing around it.</li>
 *   <li>{@link io.llmgateway.codec.json.UsageScanner} reads {@code usage} from a response.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Scanners are single-owner objects, created per request or response and
 * used by one event loop: they hold no locks and publish nothing, so they need no
 * synchronisation and must not be shared. {@code ModelSplice} is stateless. Nothing here blocks.
 *
 * <p><b>Buffer ownership.</b> Buffers passed in are borrowed: never released, indexes untouched,
 * no reference kept after the call returns. Buffers returned are owned by the caller. Offsets in
 * {@link io.llmgateway.codec.json.RequestFields} count bytes from the first byte scanned, which is
 * the reader index of the body as a whole.
 */
package io.llmgateway.codec.json;
