package io.llmgateway.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line prints and returns, for the commands that do not start a server. */
class CommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) throws InterruptedException {
        return CommandLine.run(args, env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String... args) throws InterruptedException {
        return run(Map.of(), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommandAndEveryOption() throws Exception {
        assertThat(run("--help")).isZero();
        for (CommandName c : CommandName.values()) {
            assertThat(out()).contains("  " + c.word() + " ");
        }
        for (Option o : Option.values()) {
            assertThat(out()).contains(o.synopsis());
        }
        assertThat(err()).isEmpty();
    }

    @Test
    void helpOfOneCommandShowsItsOptionsOnly() throws Exception {
        assertThat(run("help", "validate")).isZero();
        assertThat(out()).startsWith("usage: java -jar llm-gateway.jar validate").contains("--strict")
                .doesNotContain("--listen");
    }

    @Test
    void helpAndVersionWinOverABadEnvironment() throws Exception {
        Map<String, String> env = Map.of("LLM_GATEWAY_LOG_LEVEL", "nonsense");
        assertThat(run(env, "serve", "--help")).isZero();
        assertThat(run(env, "--version")).isZero();
        assertThat(out()).contains("llm-gateway ");
    }

    @Test
    void aBadCommandLineExitsTwoWithTheReason() throws Exception {
        assertThat(run("serve", "--confg", "x")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).startsWith("llm-gateway: unknown option '--confg' (did you mean --config?)")
                .contains("--help lists the commands and options");
        assertThat(out()).isEmpty();
    }

    @Test
    void helpOfAnUnknownCommandIsAnError() throws Exception {
        assertThat(run("help", "srve")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).contains("help: unknown command 'srve'");
    }

    @Test
    void demoPrintsItsConfig() throws Exception {
        assertThat(run("demo", "--print-config")).isZero();
        assertThat(out()).contains("base_url: \"${LLM_GATEWAY_ECHO_URL}\"").contains("gpt-4o: echo:gpt-4o");
    }

    @Test
    void validateWarnsAndStrictFails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                providers:
                  - id: p
                    base_url: "https://api.openai.com/v1"
                    keys: [{id: a, secret: "${UNSET_IN_THIS_TEST}"}, {id: b, secret: "sk-b"}]
                model_aliases:
                  m: p:model
                """);
        assertThat(run("validate", file.toString())).isZero();
        assertThat(out()).contains("warning: providers[0].keys[0].secret (line 4): ${UNSET_IN_THIS_TEST} is not set: "
                + "key 'a' of provider 'p' is disabled")
                .contains(file + ": OK (1 provider(s), 1 alias(es), 1 warning(s))");
        out.reset();
        assertThat(run("validate", "--strict", "--config=" + file)).isEqualTo(1);
        assertThat(err()).contains(file + ": 1 warning(s), which --strict makes a failure");
        assertThat(out()).doesNotContain("OK");
    }

    @Test
    void validateAcceptsTheDemoConfigWithoutStartingTheEchoProvider(@TempDir Path dir) throws Exception {
        assertThat(run("demo", "--print-config")).isZero();
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, out());
        out.reset();
        assertThat(run("validate", "--strict", file.toString())).as(err()).isZero();
        assertThat(out()).contains("OK (1 provider(s), 7 alias(es))");
    }

    @Test
    void everyCommandAnswersHelpAndVersionWithoutRunning() throws Exception {
        for (CommandName c : CommandName.values()) {
            String[] words = c.word().split(" ");
            String[] help = java.util.Arrays.copyOf(words, words.length + 1);
            help[words.length] = "--help";
            out.reset();
            assertThat(run(help)).as(c.word()).isZero();
            if (c != CommandName.HELP) {
                assertThat(out()).as(c.word()).contains("usage: java -jar llm-gateway.jar " + c.word());
            }
            String[] version = help.clone();
            version[words.length] = "--version";
            out.reset();
            assertThat(run(version)).as(c.word()).isZero();
            assertThat(out()).as(c.word()).startsWith("llm-gateway ");
        }
        assertThat(err()).isEmpty();
    }

    @Test
    void theHelpOfAnAdminCommandNamesItsEnvironment() throws Exception {
        assertThat(run("keys", "create", "--help")).isZero();
        assertThat(out()).contains("--budget-period PERIOD").contains("--meta K=V")
                .contains("--url defaults to $LLM_GATEWAY_URL, else http://127.0.0.1:8080; --admin-key to "
                        + "$LLM_GATEWAY_ADMIN_KEY.");
        out.reset();
        assertThat(run("keys", "--help")).isZero();
        assertThat(out()).contains("  keys create ").contains("  keys list ").contains("  keys revoke ");
    }

    @Test
    void keysAloneIsAnErrorThatListsItsCommands() throws Exception {
        assertThat(run("keys")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).startsWith("llm-gateway: keys needs a command: keys create | keys list | keys revoke");
    }

    @Test
    void importLiteLlmWritesTheConvertedFileAndReportsWhatItLeftOut(@TempDir Path dir) throws Exception {
        Path litellm = dir.resolve("litellm.yaml");
        Files.writeString(litellm, """
                model_list:
                  - model_name: gpt-4o
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: os.environ/OPENAI_API_KEY
                      timeout: 30
                """);
        Path converted = dir.resolve("gateway.yaml");
        assertThat(run("import-litellm", litellm.toString(), "-o", converted.toString())).as(err()).isZero();
        assertThat(out()).isEmpty();
        assertThat(err()).contains("not converted: line 6: model_list[0].litellm_params.timeout: per-deployment "
                + "timeouts have no equivalent")
                .contains("import-litellm: 1 deployment(s) -> 1 provider(s), 1 alias(es); 1 setting(s) not converted; "
                        + "written to " + converted);
        assertThat(Files.readString(converted)).contains("secret: \"${OPENAI_API_KEY}\"");
        err.reset();
        assertThat(run("validate", converted.toString())).as(err()).isZero();
        assertThat(out()).contains(converted + ": OK (1 provider(s), 1 alias(es)");

        out.reset();
        assertThat(run("import-litellm", litellm.toString())).isZero();
        assertThat(out()).isEqualTo(Files.readString(converted));
    }

    @Test
    void importLiteLlmOfAMissingFileOrWithoutOneFails(@TempDir Path dir) throws Exception {
        assertThat(run("import-litellm", dir.resolve("none.yaml").toString())).isEqualTo(1);
        assertThat(err()).contains("cannot read " + dir.resolve("none.yaml"));
        assertThat(run("import-litellm")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).contains("import-litellm needs the LiteLLM config file");
    }
}
