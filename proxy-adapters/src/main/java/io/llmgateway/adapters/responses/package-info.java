/**
 * OpenAI's Responses API ({@code POST /v1/responses}) over every adapter: relayed as it is to the
 * providers that have it ({@code openai}, {@code azure}), translated to and from chat completions
 * for the others, so that each wrapped adapter's own chat translation (Anthropic, Gemini,
 * Bedrock...) does the rest. {@link io.llmgateway.adapters.responses.ResponsesOverChat} is the
 * entry point.
 *
 * <p><b>Threading.</b> The request side is stateless. A translator ({@code ResponsesTranslator},
 * {@code ResponsesPassThrough}) and its {@code ResponsesStream} and {@code OutputItem}s belong to
 * one attempt, hence to one event loop: plain fields, no synchronisation. Streaming uses the loop's
 * {@link io.llmgateway.adapters.internal.StreamScratch} for the duration of one call.
 *
 * <p><b>Buffers.</b> Methods that return a {@code ByteBuf} hand its one reference to the caller;
 * buffers passed in are borrowed (never released, indexes untouched).
 */
package io.llmgateway.adapters.responses;
