/**
 * {@code import-litellm}: converts a LiteLLM proxy {@code config.yaml} into this gateway's config.
 * {@link io.llmgateway.core.cli.litellm.LiteLlmImport} reads the LiteLLM file as a snakeyaml node
 * graph (so that every setting left out is reported at its line), turns each {@code model_list}
 * entry into a deployment and the global sections into settings, and writes the result with every
 * string quoted. Nothing here runs in the gateway process's serving path; it is a one-shot tool.
 */
package io.llmgateway.core.cli.litellm;
