/** Google Gemini on AI Studio and Vertex AI: generateContent, alt=sse streams, embeddings, errors. */
package io.llmgateway.adapters.gemini;
