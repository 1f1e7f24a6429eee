/**
 * Provider adapters: one sub-package per upstream protocol ({@code openai} for OpenAI and every
 * OpenAI-compatible host, {@code azure}, {@code anthropic}, {@code gemini} for AI Studio and
 * Vertex AI, {@code bedrock}), found by {@link io.llmgateway.adapters.Adapters#forType}.
 *
 * <p>Adapters are stateless and shared by every thread; the response translators they create are
 * per attempt and confined to the request's event loop. See {@code ADAPTERS.md} in this module for
 * what each adapter rewrites and what happens to every OpenAI request field.
 */
package io.llmgateway.adapters;
