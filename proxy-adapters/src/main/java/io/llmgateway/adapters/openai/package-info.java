/** The pass-through adapter for OpenAI and OpenAI-compatible hosts (vLLM, Ollama, DeepSeek, Together...). */
package io.llmgateway.adapters.openai;
