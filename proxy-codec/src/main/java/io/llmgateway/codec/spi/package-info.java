/**
 * The adapter SPI: how one upstream protocol turns a client's OpenAI request into an upstream call
 * and the upstream's response back into OpenAI's shapes.
 *
 * <p><b>Threading.</b> {@link io.llmgateway.codec.spi.ProviderAdapter}s are stateless and
 * thread-safe; a {@link io.llmgateway.codec.spi.ResponseTranslator} is per attempt and confined to
 * the event loop of its request, so it uses plain fields. Nothing here may block, open sockets or
 * log secrets. Value types are immutable records.
 *
 * <p><b>Buffer ownership.</b> Arguments are borrowed unless a method says otherwise; buffers
 * returned or added to an output list are owned by the caller; an
 * {@link io.llmgateway.codec.spi.UpstreamCall} owns its body until the core writes or releases it.
 */
package io.llmgateway.codec.spi;
