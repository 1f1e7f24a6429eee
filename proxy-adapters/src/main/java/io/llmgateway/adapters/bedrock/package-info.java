/** AWS Bedrock through its OpenAI-compatible chat completions endpoint, with a Bedrock API key. */
package io.llmgateway.adapters.bedrock;
