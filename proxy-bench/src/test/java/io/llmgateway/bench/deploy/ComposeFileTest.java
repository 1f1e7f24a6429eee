package io.llmgateway.bench.deploy;

import static io.llmgateway.bench.deploy.DeployDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/docker-compose.yaml}: valid against the Compose file schema, as checked by
 * {@code docker-compose config} (Debian's docker-compose 1.29, which needs no Docker engine for it;
 * {@code scripts/test} installs it), and holding the topology README describes.
 */
class ComposeFileTest {

    /** {@code docker-compose -f FILE config -q}: exit code and output. */
    private static Result validate(Path file) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("docker-compose", "-f", file.toString(), "config", "-q")
                .redirectErrorStream(true);
        pb.environment().put("GATEWAY_API_KEY", "sk-gw-test");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose is not on the PATH (scripts/test installs it: "
                    + "apt-get install --no-install-recommends docker-compose)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int code, String output) {
    }

    @Test
    void theComposeFileIsValidAndAnInvalidOneIsNot(@TempDir Path dir) throws Exception {
        Result valid = validate(DeployDir.path("docker-compose.yaml"));
        assertThat(valid.code()).as("docker-compose config: %s", valid.output()).isZero();

        // The same check fails on a schema violation: proof that it validates, not only parses.
        Path broken = dir.resolve("docker-compose.yaml");
        Files.writeString(broken, DeployDir.read("docker-compose.yaml")
                .replace("    restart: unless-stopped\n    command:", "    restart: unless-stopped\n    comand:"));
        Result invalid = validate(broken);
        assertThat(invalid.code()).isNotZero();
        assertThat(invalid.output()).contains("comand");
    }

    @Test
    void twoGatewaysBehindNginxShareOneConfigAndRedis() {
        Map<String, Object> compose = DeployDir.yamlMap("docker-compose.yaml");
        Map<?, ?> services = (Map<?, ?>) compose.get("services");
        assertThat(List.copyOf(services.keySet())).asList().containsExactlyInAnyOrder("gateway-1", "gateway-2", "redis", "nginx");
        for (String gateway : List.of("gateway-1", "gateway-2")) {
            Object service = services.get(gateway);
            assertThat(at(service, "volumes")).as(gateway)
                    .isEqualTo(List.of("./config/gateway.yaml:/etc/llm-gateway/config.yaml:ro"));
            assertThat(at(service, "environment.REDIS_ADDR")).isEqualTo("redis:6379");
            assertThat(at(service, "stop_signal")).isEqualTo("SIGTERM");
            String stopGrace = (String) at(service, "stop_grace_period");
            assertThat(Integer.parseInt(stopGrace.replace("s", "")))
                    .as("stop_grace_period above server.shutdown_grace_ms (30 s)").isGreaterThan(30);
            assertThat(at(service, "depends_on.redis.condition")).isEqualTo("service_healthy");
        }
        assertThat(at(services.get("nginx"), "depends_on.gateway-1.condition")).isEqualTo("service_healthy");
        assertThat(at(services.get("nginx"), "depends_on.gateway-2.condition")).isEqualTo("service_healthy");
        assertThat(at(services.get("nginx"), "volumes")).isEqualTo(List.of("./nginx/nginx.conf:/etc/nginx/nginx.conf:ro"));
        assertThat(DeployDir.path("config/gateway.yaml")).exists();
        assertThat(DeployDir.path("nginx/nginx.conf")).exists();
    }

    @Test
    void nginxBalancesBothGatewaysAndLeavesStreamsUnbuffered() {
        String conf = DeployDir.read("nginx/nginx.conf");
        assertThat(conf).contains("server gateway-1:8080", "server gateway-2:8080", "proxy_buffering off;",
                "proxy_read_timeout 900s;", "proxy_http_version 1.1;", "proxy_set_header Connection \"\";",
                "proxy_next_upstream error timeout http_503 non_idempotent;");
        assertThat(conf).doesNotContain("proxy_request_buffering off"); // a request must stay retryable
    }
}
