/** Azure OpenAI: deployment URLs, {@code api-version}, {@code api-key}; bodies passed through. */
package io.llmgateway.adapters.azure;
