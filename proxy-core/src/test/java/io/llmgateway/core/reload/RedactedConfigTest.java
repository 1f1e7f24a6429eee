package io.llmgateway.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.admin.AdminJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedactedConfigTest {

    private static final String DOC = """
            server:
              listen: ":8080"
              admin_api_key: "adm-secret-1"
              api_keys: ["client-secret-1", "client-secret-2"]
            storage:
              config:
                type: http
                url: "https://config.example/gw.yaml"
                bearer_token: "store-token-1"
              runtime:
                password: "redis-secret-1"
            logging:
              sinks:
                - type: http
                  endpoint: "https://logs.example/in"
                  headers: { authorization: "Bearer webhook-secret-1" }
              otlp:
                headers: { x-api-key: "otlp-secret-1" }
            providers:
              - id: openai
                base_url: "${OPENAI_BASE}"
                headers: { OpenAI-Organization: "org-secret-1" }
                query: { key: "query-secret-1" }
                keys:
                  - id: oa-1
                    secret: "sk-live-1"
                    limit_req_per_min: 500
                  - id: oa-2
                    secret: "enc:v1:abcdef"
                  - "sk-bare-1"
            auth:
              virtual_keys:
                - name: ci
                  key_hash: "hash-secret-1"
            model_aliases:
              gpt-4o: openai:gpt-4o
            """;

    @Test
    void everySecretIsReplacedAndEverythingElseKept() {
        String json = new String(AdminJson.write(RedactedConfig.of(DOC)), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("adm-secret-1", "client-secret", "store-token-1", "redis-secret-1",
                "webhook-secret-1", "otlp-secret-1", "OPENAI_BASE", "org-secret-1", "query-secret-1", "sk-live-1",
                "enc:v1", "sk-bare-1", "hash-secret-1");
        assertThat(json).contains("\"admin_api_key\":\"[redacted]\"",
                "\"api_keys\":[\"[redacted]\",\"[redacted]\"]",
                "\"bearer_token\":\"[redacted]\"",
                "\"headers\":{\"authorization\":\"[redacted]\"}",
                "\"base_url\":\"[redacted]\"",
                "{\"id\":\"oa-1\",\"secret\":\"[redacted]\",\"limit_req_per_min\":500}",
                "{\"id\":\"oa-2\",\"secret\":\"[redacted]\"}",
                "\"[redacted]\"]",
                "\"name\":\"ci\"",
                "\"listen\":\":8080\"",
                "\"url\":\"https://config.example/gw.yaml\"",
                "\"endpoint\":\"https://logs.example/in\"",
                "\"model_aliases\":{\"gpt-4o\":\"openai:gpt-4o\"}");
    }
}
