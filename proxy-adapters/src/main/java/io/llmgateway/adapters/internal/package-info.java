/**
 * Helpers shared by the adapters, not part of any API.
 *
 * <p><b>Threading.</b> {@link io.llmgateway.adapters.internal.StreamScratch} is per thread (a
 * {@code FastThreadLocal}): a translator borrows it for one {@code translateEvent} call and keeps no
 * reference, so its parser, generator and char buffers need no synchronisation and cost one set per
 * event loop rather than one per open stream. {@link io.llmgateway.adapters.internal.ChatChunks} and
 * {@link io.llmgateway.adapters.internal.UsageCounts} belong to one translator (a
 * {@link io.llmgateway.adapters.internal.ChatResponseTranslator} is one per attempt), hence to one
 * event loop, as do a stream's {@link io.llmgateway.adapters.internal.ChatStreamReader} and its
 * {@link io.llmgateway.adapters.internal.EscapedText}s; the loop's
 * {@link io.llmgateway.adapters.internal.JsonCursor} lives in its {@code StreamScratch}. Everything
 * else is stateless or immutable: the request readers shared by the
 * translating adapters ({@code ChatMessages}, {@code ContentParts}, {@code FunctionTools},
 * {@code ChatOptions}, {@code Requests}) and the body builder ({@code CompletionBody}).
 *
 * <p><b>Buffers.</b> Methods that return a {@code ByteBuf} hand its one reference to the caller;
 * buffers passed in are borrowed (never released, indexes untouched).
 */
package io.llmgateway.adapters.internal;
