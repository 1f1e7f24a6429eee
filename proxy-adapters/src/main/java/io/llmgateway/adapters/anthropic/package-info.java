/** Anthropic Messages API: request, response, event-stream and error translation. */
package io.llmgateway.adapters.anthropic;
