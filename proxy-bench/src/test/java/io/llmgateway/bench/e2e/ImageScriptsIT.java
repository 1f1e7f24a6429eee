package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.deploy.DeployDir;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step of {@code deploy/Dockerfile} that records the AppCDS archive, run here on the real jar
 * with this JVM: {@code deploy/image/record-cds.sh} trains the demo and leaves an archive that the
 * JVM then accepts with {@code -Xshare:on} (which fails rather than start without it).
 */
class ImageScriptsIT {

    private static Process run(List<String> command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished: %s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theRecordedArchiveIsOneTheJvmStartsFrom(@TempDir Path dir) throws Exception {
        String jar = Path.of(System.getProperty("gateway.jar", "../proxy-core/target/llm-gateway.jar"))
                .toAbsolutePath().toString();
        Path archive = dir.resolve("llm-gateway.jsa");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder record = new ProcessBuilder("bash", DeployDir.path("image/record-cds.sh").toString(), jar,
                archive.toString(), Integer.toString(port)).redirectErrorStream(true);
        record.environment().put("JAVA_HOME", System.getProperty("java.home")); // the JVM that uses the archive
        assertThat(finish(record.start())).contains("classes archived in " + archive);
        assertThat(archive).isNotEmptyFile();

        String version = finish(run(List.of(java, "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-jar", jar,
                "version")));
        assertThat(version).startsWith("llm-gateway ");
    }
}
