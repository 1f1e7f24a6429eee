package io.llmgateway.bench.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/Dockerfile}, checked for its structure (no Docker engine and no hadolint here): a
 * build stage and a runtime stage, a non-root user, a health check on {@code /health/ready}, the
 * exec form of the entry point so that signals reach the JVM, and every file it copies present and
 * not excluded from the build context. The scripts it runs are run by {@code LoadBalancedGatewaysIT}.
 */
class DockerfileTest {

    private static final Pattern INSTRUCTION = Pattern.compile("^([A-Z]+)\\s+(.*)$");

    /** Instructions with their continuation lines joined, comments dropped. */
    private static List<String[]> instructions() {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : DeployDir.read("Dockerfile").split("\n")) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            current.append(line.strip());
            if (line.endsWith("\\")) {
                current.setLength(current.length() - 1);
                current.append(' ');
                continue;
            }
            Matcher m = INSTRUCTION.matcher(current.toString());
            assertThat(m.matches()).as("an instruction: %s", current).isTrue();
            out.add(new String[] {m.group(1), m.group(2)});
            current.setLength(0);
        }
        return out;
    }

    /** The instructions of the last stage (after the last FROM). */
    private static List<String[]> runtimeStage() {
        List<String[]> all = instructions();
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i)[0].equals("FROM")) {
                from = i;
            }
        }
        return all.subList(from, all.size());
    }

    private static List<String> args(List<String[]> stage, String instruction) {
        return stage.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
    }

    @Test
    void aMavenBuildStageThenAJreRuntimeStage() {
        List<String> from = args(instructions(), "FROM");
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).startsWith("maven:").contains("temurin-17").endsWith(" AS build");
        assertThat(from.get(1)).startsWith("eclipse-temurin:17-jre");
        assertThat(args(instructions(), "RUN").get(0)).contains("mvn ").contains("-pl proxy-core -am package");
    }

    @Test
    void theRuntimeRunsAsNonRootWithAHealthCheckAndSignalsReachTheJvm() {
        List<String[]> runtime = runtimeStage();
        List<String> user = args(runtime, "USER");
        assertThat(user).hasSize(1);
        assertThat(user.get(0)).doesNotStartWith("root").doesNotStartWith("0");
        assertThat(args(runtime, "HEALTHCHECK")).singleElement().asString()
                .contains("CMD [\"/opt/llm-gateway/bin/healthcheck.sh\", \"8080\"]");
        assertThat(DeployDir.read("image/healthcheck.sh")).contains("GET /health/ready HTTP/1.1");
        assertThat(args(runtime, "STOPSIGNAL")).containsExactly("SIGTERM");
        assertThat(args(runtime, "ENTRYPOINT")).as("exec form: the JVM gets the signals, not a shell")
                .containsExactly("[\"/opt/llm-gateway/bin/llm-gateway\"]");
        assertThat(DeployDir.repoRoot().resolve("scripts/llm-gateway")).content().contains("exec \"$java\"");
        assertThat(args(runtime, "CMD")).containsExactly("[\"serve\"]");
        assertThat(args(runtime, "ENV")).singleElement().asString()
                .contains("LLM_GATEWAY_CONFIG=/etc/llm-gateway/config.yaml")
                .contains("-XX:SharedArchiveFile=/opt/llm-gateway/lib/llm-gateway.jsa");
    }

    @Test
    void theAppCdsArchiveIsRecordedInTheRuntimeStageBeforeTheUserChanges() {
        List<String[]> runtime = runtimeStage();
        int record = -1;
        int user = -1;
        for (int i = 0; i < runtime.size(); i++) {
            if (runtime.get(i)[0].equals("RUN") && runtime.get(i)[1].contains("record-cds.sh lib/llm-gateway.jar")) {
                record = i;
            }
            if (runtime.get(i)[0].equals("USER")) {
                user = i;
            }
        }
        assertThat(record).as("the recording, by the runtime's own JVM").isPositive().isLessThan(user);
    }

    @Test
    void everyCopiedFileIsInTheContextAndNotIgnored() {
        List<String> ignored = DeployDir.read("Dockerfile.dockerignore").lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        for (String copy : args(instructions(), "COPY")) {
            if (copy.startsWith("--from=")) {
                continue;
            }
            String[] parts = copy.split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                String source = parts[i];
                assertThat(DeployDir.repoRoot().resolve(source)).as("COPY source %s", source).exists();
                assertThat(ignored).as("COPY source %s is excluded from the context", source)
                        .noneMatch(pattern -> source.equals(pattern) || source.startsWith(pattern + "/"));
            }
        }
    }
}
