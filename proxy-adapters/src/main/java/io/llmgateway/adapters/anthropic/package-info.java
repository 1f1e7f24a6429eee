/**
 * Anthropic Messages API: request, response, event-stream and error translation.
 *
 * <pre>
 *   AnthropicAdapter               URL, headers; builds the request and the translator
 *   ├─ AnthropicRequest            the request and its options (max_tokens, thinking, sampling, stop)
 *   │  ├─ AnthropicMessages        messages, system, tool results, prefill
 *   │  │  └─ AnthropicParts        content parts -> blocks
 *   │  └─ AnthropicTools           tools, tool_choice, JSON mode
 *   └─ AnthropicResponseTranslator the stream's state machine (one per attempt)
 *      ├─ AnthropicStreamEvent     the fields of one event, read with the thread's JsonCursor
 *      ├─ AnthropicMessageBody     a whole message -> chat.completion
 *      ├─ AnthropicUsage           usage, from a body or the stream
 *      └─ AnthropicErrors          error bodies and events -> OpenAI errors
 * </pre>
 */
package io.llmgateway.adapters.anthropic;
