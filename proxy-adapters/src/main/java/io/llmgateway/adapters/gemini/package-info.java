/**
 * Google Gemini on AI Studio and Vertex AI: generateContent, alt=sse streams, embeddings, errors.
 *
 * <pre>
 *   GeminiAdapter                  URL and credential per platform; builds the request and the translator
 *   ├─ GeminiRequest               assembles a generateContent request
 *   │  ├─ GeminiContents           messages, system instruction, function calls and responses
 *   │  │  └─ GeminiParts           content parts -> parts
 *   │  ├─ GeminiTools              function declarations, tool config
 *   │  └─ GeminiGenerationConfig   generationConfig
 *   ├─ GeminiEmbeddingRequest      batchEmbedContents / predict bodies
 *   ├─ GeminiChatTranslator        the stream's state machine (one per attempt)
 *   │  ├─ GeminiStreamChunk        the fields of one chunk, read with the thread's parser
 *   │  ├─ GeminiResponseBody       a whole response -> chat.completion
 *   │  └─ GeminiUsage              usageMetadata, from a body or the stream
 *   ├─ GeminiEmbeddingTranslator   embedding answers
 *   ├─ GeminiErrors                google.rpc.Status -> OpenAI errors
 *   └─ GeminiCallIds               minted tool-call ids that carry thought signatures
 * </pre>
 */
package io.llmgateway.adapters.gemini;
