/**
 * Mock upstreams of the providers the gateway translates to — {@link
 * io.llmgateway.bench.mock.providers.AnthropicMock}, {@link io.llmgateway.bench.mock.providers.GeminiMock}
 * (AI Studio and Vertex AI), {@link io.llmgateway.bench.mock.providers.AzureMock},
 * {@link io.llmgateway.bench.mock.providers.BedrockMock} (Converse, SigV4 checked) — each a
 * {@link io.llmgateway.bench.mock.MockUpstream} with its own {@link io.llmgateway.bench.mock.MockProtocol}.
 * They refuse what the real service refuses, with its status and error body, so that an answer is
 * proof that the gateway sent a request the provider accepts; and they answer in the provider's
 * JSON and stream shapes (reference: {@code shared/reference/providers.md} sections 2 to 5 and 7).
 *
 * <p>Concurrency: a protocol serves every connection on every event loop; it holds only immutable
 * settings, a thread-safe Jackson mapper and atomic id counters. Request bodies are parsed into a
 * tree while the request buffer is held; exchanges keep the tree, never the buffer. Not built for
 * speed: the benchmark mock is the OpenAI one.
 */
package io.llmgateway.bench.mock.providers;
