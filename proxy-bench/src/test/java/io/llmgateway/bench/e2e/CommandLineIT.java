package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line of the real jar: help, version, strict options, validate, start-up errors. */
class CommandLineIT {

    /** A config that would start if anything started it; none of these commands may. */
    private static final Map<String, String> WOULD_START = Map.of("LLM_GATEWAY_CONFIG", "/nonexistent/config.yaml");

    @Test
    void helpAndVersionAnswerForEveryCommandWithoutStarting() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("help"), List.of("serve", "--help"),
                List.of("validate", "-h"), List.of("demo", "--help"), List.of("help", "demo"))) {
            JarCommand r = JarCommand.run(WOULD_START, args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.out()).as(r.all()).startsWith("usage: java -jar llm-gateway.jar");
            assertThat(r.out() + r.err()).as(r.all()).doesNotContain("listening on");
        }
        for (List<String> args : List.of(List.of("--version"), List.of("version"), List.of("serve", "--version"),
                List.of("validate", "--version"), List.of("demo", "--version"))) {
            JarCommand r = JarCommand.run(WOULD_START, args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.out().strip()).as("the version from the jar's manifest; %s", r.all())
                    .matches("llm-gateway \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        }
        assertThat(JarCommand.run("demo", "--help").out()).contains("--listen HOST:PORT").contains("--print-config");
        assertThat(JarCommand.run("validate", "--help").out()).contains("--strict").contains("[FILE]");
    }

    @Test
    void unknownOptionsCommandsAndLogLevelsAreErrorsThatStartNothing() throws Exception {
        JarCommand typo = JarCommand.run("serve", "--confg", "x.yaml");
        assertThat(typo.exitCode()).as(typo.all()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown option '--confg'").contains("did you mean --config?");
        assertThat(typo.out() + typo.err()).doesNotContain("listening on").doesNotContain("config.yaml");

        JarCommand level = JarCommand.run("--log-level", "verbose");
        assertThat(level.exitCode()).as(level.all()).isEqualTo(2);
        assertThat(level.err()).contains("'verbose' is not a log level (expected one of: error, warn, info, debug)");

        JarCommand envLevel = JarCommand.run(Map.of("LLM_GATEWAY_LOG_LEVEL", "loud"), "serve");
        assertThat(envLevel.exitCode()).as(envLevel.all()).isEqualTo(2);
        assertThat(envLevel.err()).contains("$LLM_GATEWAY_LOG_LEVEL: 'loud' is not a log level");

        JarCommand command = JarCommand.run("srve");
        assertThat(command.exitCode()).as(command.all()).isEqualTo(2);
        assertThat(command.err()).contains("unknown command 'srve' (expected one of: serve, validate, demo, "
                + "encrypt-secret, keys create, keys list, keys revoke, keys, providers, reload, import-litellm, help, "
                + "version)");

        JarCommand misplaced = JarCommand.run("serve", "--strict");
        assertThat(misplaced.exitCode()).as(misplaced.all()).isEqualTo(2);
        assertThat(misplaced.err()).contains("option --strict is not an option of serve");

        JarCommand missing = JarCommand.run("validate", "--config");
        assertThat(missing.exitCode()).as(missing.all()).isEqualTo(2);
        assertThat(missing.err()).contains("option --config needs a value");
    }

    @Test
    void validateTakesTheFileEitherWayAndStrictFailsOnWarnings() throws Exception {
        Path file = Files.createTempFile("validate-", ".yaml");
        try {
            Files.writeString(file, """
                    providers:
                      - id: openai
                        base_url: "https://api.openai.com/v1"
                        keys:
                          - {id: oa-1, secret: "${UNSET_VARIABLE_OF_VALIDATE_TEST}"}
                          - {id: oa-2, secret: "sk-set"}
                    model_aliases:
                      gpt-4o: openai:gpt-4o
                    """);
            for (String[] args : List.of(new String[] {"validate", file.toString()},
                    new String[] {"validate", "--config", file.toString()},
                    new String[] {"validate", "--config=" + file})) {
                JarCommand r = JarCommand.run(args);
                assertThat(r.exitCode()).as(r.all()).isZero();
                assertThat(r.out()).as(r.all()).contains("warning: ").contains("key 'oa-1'")
                        .contains(file + ": OK (1 provider(s), 1 alias(es), 1 warning(s))");
            }
            JarCommand strict = JarCommand.run("validate", "--strict", file.toString());
            assertThat(strict.exitCode()).as(strict.all()).isEqualTo(1);
            assertThat(strict.err()).contains("1 warning(s), which --strict makes a failure");

            JarCommand both = JarCommand.run("validate", file.toString(), "--config", "other.yaml");
            assertThat(both.exitCode()).as(both.all()).isEqualTo(2);
            assertThat(both.err()).contains("validate takes one config file");

            Files.writeString(file, "providers: []\nmodel_aliases:\n  gpt-4o: nowhere:gpt-4o\n");
            JarCommand invalid = JarCommand.run("validate", file.toString());
            assertThat(invalid.exitCode()).as(invalid.all()).isEqualTo(1);
            assertThat(invalid.err()).contains("model_aliases.gpt-4o");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void anAddressInUseIsNamedWithoutAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Path file = Files.createTempFile("busy-", ".yaml");
            try {
                Files.writeString(file, """
                        server:
                          listen: "127.0.0.1:%d"
                        providers:
                          - id: mock
                            type: openai-compatible
                            base_url: "http://127.0.0.1:1/v1"
                            keys: [{id: k1, secret: "sk-x"}]
                        model_aliases:
                          gpt-4o: mock:gpt-4o
                        """.formatted(port));
                JarCommand r = JarCommand.run("serve", "--config", file.toString());
                assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
                assertThat(r.err()).as(r.all())
                        .contains("cannot listen on 127.0.0.1:" + port + ": address already in use")
                        .doesNotContain("\tat ").doesNotContain("\\tat ").doesNotContain("Exception");
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
