package io.llmgateway.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchersTest {

    @TempDir
    Path dir;

    @Test
    void gatewayConfigIsValidAndPointsAtTheMock() throws Exception {
        GatewayConfig config = new ConfigLoader(Map.<String, String>of()::get)
                .parse(Launchers.gatewayConfig(9123, -1, 0, 1), "bench.yaml");

        assertThat(config.server().ioThreads()).isEqualTo(1);
        assertThat(config.server().apiKeys()).isEmpty();
        assertThat(config.providers()).singleElement()
                .satisfies(p -> assertThat(p.baseUrl()).isEqualTo("http://127.0.0.1:9123/v1"));

        GatewayConfig near = new ConfigLoader(Map.<String, String>of()::get)
                .parse(Launchers.gatewayConfig(9123, 9124, 0, 1), "bench.yaml");
        assertThat(near.providers()).hasSize(2);
        assertThat(near.aliases()).containsKey(Launchers.NEAR_MODEL);
    }

    @Test
    void nginxIsAPlainKeepAliveProxy() throws Exception {
        String conf = Launchers.nginxConfig(dir, 8081, 9123, 9124, 1, 20_000, false);

        assertThat(conf).contains("worker_processes 1;", "keepalive 64;", "proxy_http_version 1.1;",
                "proxy_set_header Connection \"\";", "proxy_buffering off;", "access_log off;",
                "server 127.0.0.1:9123;", "listen 127.0.0.1:8081", "worker_rlimit_nofile 20000;",
                "worker_connections 19936;", "location /near/ {", "server 127.0.0.1:9124;");
        assertThat(conf).doesNotContain("user ");
        assertThat(Launchers.nginxConfig(dir, 8081, 9123, -1, 2, 20_000, true)).startsWith("# Generated")
                .contains("user root root;");

        String nginx = Tools.find("nginx");
        assumeThat(nginx).as("nginx installed").isNotNull();
        Files.createDirectories(dir.resolve("tmp"));
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        Process p = new ProcessBuilder(List.of(nginx, "-t", "-p", dir.toString(), "-c", file.toString(),
                "-e", dir.resolve("error.log").toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
