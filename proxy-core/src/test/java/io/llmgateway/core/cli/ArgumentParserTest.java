package io.llmgateway.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.logging.LogLevel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentParserTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void withoutACommandWordTheCommandIsServe() throws Exception {
        Arguments a = ArgumentParser.parse("--config", "x.yaml");
        assertThat(a.command()).isEqualTo(CommandName.SERVE);
        assertThat(a.commandExplicit()).isFalse();
        assertThat(a.value(Option.CONFIG)).isEqualTo("x.yaml");
        assertThat(ArgumentParser.parse().command()).isEqualTo(CommandName.SERVE);
    }

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() throws Exception {
        assertThat(ArgumentParser.parse("serve", "--config", "a.yaml").value(Option.CONFIG)).isEqualTo("a.yaml");
        assertThat(ArgumentParser.parse("serve", "--config=a=b.yaml").value(Option.CONFIG)).isEqualTo("a=b.yaml");
        assertThat(ArgumentParser.parse("serve", "--log-level=debug").value(Option.LOG_LEVEL)).isEqualTo("debug");
        assertThat(ArgumentParser.parse("validate", "--strict", "f.yaml").has(Option.STRICT)).isTrue();
        assertThat(ArgumentParser.parse("validate", "--", "--odd-name.yaml").positional()).isEqualTo("--odd-name.yaml");
    }

    @Test
    void anUnknownOptionIsAnErrorThatSuggestsTheNearestOne() {
        assertThatThrownBy(() -> ArgumentParser.parse("serve", "--confg", "x"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option '--confg' (did you mean --config?); options of serve: --config, "
                        + "--log-level, --help, --version");
        assertThatThrownBy(() -> ArgumentParser.parse("--frobnicate"))
                .hasMessageStartingWith("unknown option '--frobnicate'; options of serve:");
        assertThatThrownBy(() -> ArgumentParser.parse("serve", "-c", "x"))
                .hasMessageStartingWith("unknown option '-c'");
    }

    @Test
    void anOptionOfAnotherCommandIsAnError() {
        assertThatThrownBy(() -> ArgumentParser.parse("serve", "--strict"))
                .hasMessageStartingWith("option --strict is not an option of serve; options of serve: --config");
        assertThatThrownBy(() -> ArgumentParser.parse("validate", "--listen", ":1"))
                .hasMessageStartingWith("option --listen is not an option of validate");
    }

    @Test
    void valuesFlagsRepeatsAndPositionalsAreChecked() {
        assertThatThrownBy(() -> ArgumentParser.parse("serve", "--config"))
                .hasMessage("option --config needs a value: --config FILE");
        assertThatThrownBy(() -> ArgumentParser.parse("serve", "--config", "--log-level", "info"))
                .hasMessage("option --config needs a value: --config FILE");
        assertThatThrownBy(() -> ArgumentParser.parse("serve", "--config="))
                .hasMessage("option --config needs a value, got an empty one: --config FILE");
        assertThatThrownBy(() -> ArgumentParser.parse("validate", "--strict=yes"))
                .hasMessage("option --strict takes no value, got '--strict=yes'");
        assertThatThrownBy(() -> ArgumentParser.parse("serve", "--config", "a", "--config", "b"))
                .hasMessage("option --config is given twice");
        assertThatThrownBy(() -> ArgumentParser.parse("serve", "config.yaml"))
                .hasMessage("unexpected argument 'config.yaml': serve takes no argument besides its options");
        assertThatThrownBy(() -> ArgumentParser.parse("validate", "a.yaml", "b.yaml"))
                .hasMessage("unexpected argument 'b.yaml': validate takes one [FILE], already given 'a.yaml'");
        assertThatThrownBy(() -> ArgumentParser.parse("start"))
                .hasMessage("unknown command 'start' (expected one of: serve, validate, demo, encrypt-secret, keys create, "
                        + "keys list, keys revoke, keys, providers, reload, import-litellm, help, version)");
    }

    @Test
    void helpAndVersionAreOptionsOfEveryCommand() throws Exception {
        for (CommandName c : CommandName.values()) {
            assertThat(ArgumentParser.parse(c.word(), "--help").has(Option.HELP)).isTrue();
            assertThat(ArgumentParser.parse(c.word(), "-h").has(Option.HELP)).isTrue();
            assertThat(ArgumentParser.parse(c.word(), "--version").has(Option.VERSION)).isTrue();
        }
    }

    @Test
    void settingsTakeTheOptionThenTheEnvironmentThenTheDefault() throws Exception {
        Map<String, String> env = Map.of("LLM_GATEWAY_CONFIG", "env.yaml", "LLM_GATEWAY_LOG_LEVEL", "WARN");
        Settings fromEnv = Settings.resolve(ArgumentParser.parse("serve"), env::get);
        assertThat(fromEnv.config()).isEqualTo(Path.of("env.yaml"));
        assertThat(fromEnv.logLevel()).isEqualTo(LogLevel.WARN);

        Settings fromArgs = Settings.resolve(ArgumentParser.parse("serve", "--config", "arg.yaml", "--log-level",
                "debug"), env::get);
        assertThat(fromArgs.config()).isEqualTo(Path.of("arg.yaml"));
        assertThat(fromArgs.logLevel()).isEqualTo(LogLevel.DEBUG);

        Settings defaults = Settings.resolve(ArgumentParser.parse("serve"), NO_ENV::get);
        assertThat(defaults.config()).isEqualTo(Path.of("config.yaml"));
        assertThat(defaults.logLevel()).isEqualTo(LogLevel.INFO);

        assertThat(Settings.resolve(ArgumentParser.parse("validate", "pos.yaml"), env::get).config())
                .isEqualTo(Path.of("pos.yaml"));
    }

    @Test
    void settingsRejectAnUnknownLogLevelAndTwoFiles() {
        assertThatThrownBy(() -> Settings.resolve(ArgumentParser.parse("--log-level", "verbose"), NO_ENV::get))
                .isInstanceOf(UsageException.class)
                .hasMessage("--log-level: 'verbose' is not a log level (expected one of: error, warn, info, debug)");
        Map<String, String> env = Map.of("LLM_GATEWAY_LOG_LEVEL", "trace");
        assertThatThrownBy(() -> Settings.resolve(ArgumentParser.parse("serve"), env::get))
                .hasMessage("$LLM_GATEWAY_LOG_LEVEL: 'trace' is not a log level (expected one of: error, warn, info, "
                        + "debug)");
        assertThatThrownBy(() -> Settings.resolve(ArgumentParser.parse("validate", "a.yaml", "--config", "b.yaml"),
                NO_ENV::get)).hasMessage("validate takes one config file: got 'a.yaml' and --config 'b.yaml'");
    }

    @Test
    void theKeysCommandsAreTwoWords() throws Exception {
        assertThat(ArgumentParser.parse("keys", "create", "--name", "n").command()).isEqualTo(CommandName.KEYS_CREATE);
        assertThat(ArgumentParser.parse("keys", "list").command()).isEqualTo(CommandName.KEYS_LIST);
        Arguments revoke = ArgumentParser.parse("keys", "revoke", "vk_1", "--json");
        assertThat(revoke.command()).isEqualTo(CommandName.KEYS_REVOKE);
        assertThat(revoke.positional()).isEqualTo("vk_1");
        assertThat(ArgumentParser.parse("keys", "--help").command()).isEqualTo(CommandName.KEYS);
        assertThatThrownBy(() -> ArgumentParser.parse("keys", "delete", "vk_1"))
                .hasMessage("unknown command 'keys delete' (expected one of: create, list, revoke)");
        assertThatThrownBy(() -> ArgumentParser.parse("keys", "list", "--name", "x"))
                .hasMessageStartingWith("option --name is not an option of keys list; options of keys list: --url, "
                        + "--admin-key, --json");
    }

    @Test
    void onlyARepeatableOptionMayBeGivenTwice() throws Exception {
        Arguments a = ArgumentParser.parse("keys", "create", "--meta", "a=1", "--meta=b=2");
        assertThat(a.values(Option.META)).containsExactly("a=1", "b=2");
        assertThat(a.values(Option.NAME)).isEmpty();
        assertThatThrownBy(() -> ArgumentParser.parse("keys", "create", "--rpm", "1", "--rpm", "2"))
                .hasMessage("option --rpm is given twice");
        assertThat(ArgumentParser.parse("import-litellm", "c.yaml", "-o", "out.yaml").value(Option.OUTPUT))
                .isEqualTo("out.yaml");
    }
}
