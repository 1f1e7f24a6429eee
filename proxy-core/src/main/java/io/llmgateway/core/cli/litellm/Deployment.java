package io.llmgateway.core.cli.litellm;

import java.util.Map;

/**
 * One entry of LiteLLM's {@code model_list}, as far as it converts: the public name, where it goes
 * and with what.
 *
 * @param alias      {@code model_name}: the name clients send
 * @param provider   the LiteLLM provider of {@code litellm_params.model}
 * @param model      the upstream model (after the provider prefix)
 * @param baseUrl    the base URL as the config writes it, or null for the type's default
 * @param apiVersion {@code api_version}, or null
 * @param region     Bedrock's {@code aws_region_name}, or null
 * @param project    Vertex's {@code vertex_project}, or null
 * @param location   Vertex's {@code vertex_location}, or null
 * @param headers    {@code extra_headers} (and {@code organization}) as upstream headers
 * @param secret     the key as the config writes it ({@code ${OPENAI_API_KEY}})
 * @param rpm        requests per minute, 0 = no limit
 * @param tpm        tokens per minute, 0 = no limit
 * @param prompt     USD per million prompt tokens, or NaN when unknown
 * @param completion USD per million completion tokens, or NaN when unknown
 * @param line       the entry's line
 */
record Deployment(String alias, LiteLlmProvider provider, String model, String baseUrl, String apiVersion,
                  String region, String project, String location, Map<String, String> headers, String secret,
                  long rpm, long tpm, double prompt, double completion, int line) {
}
