package io.llmgateway.core.cli;

import io.llmgateway.core.logging.LogSetup;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * The command line of {@code java -jar llm-gateway.jar}: parses the arguments, answers
 * {@code --help} and {@code --version} without starting anything, sets up logging, and runs the
 * command.
 *
 * <pre>
 *   serve    [--config FILE] [--log-level LEVEL]          run the gateway (the default command)
 *   validate [--config FILE | FILE] [--strict]            check a config file
 *   demo     [--listen HOST:PORT] [--print-config]        run on the built-in echo provider
 *   encrypt-secret [--value SECRET]                       print the enc:v1: value of a secret read from stdin
 *   keys create | list | revoke ID, providers, reload     the admin API of a running gateway
 *   import-litellm FILE [-o OUT]                          convert a LiteLLM config
 *   help     [COMMAND]
 *   version
 * </pre>
 *
 * <p>Exit codes: 0 done; 1 the command failed (invalid config, cannot start, {@code --strict}
 * warnings, the admin API refused or could not be reached); 2 the command line is wrong (unknown command or option, missing value, unknown
 * log level), with a message naming the culprit and what was expected.
 */
public final class CommandLine {

    static final int USAGE_ERROR = 2;

    private CommandLine() {
    }

    /** Runs {@code args} and returns the exit code; {@code serve} and {@code demo} return only once stopped. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        return run(args, System::getenv, out, err);
    }

    static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err)
            throws InterruptedException {
        JvmDefaults.quietNettyDefaults();
        Arguments arguments;
        Settings settings;
        try {
            arguments = ArgumentParser.parse(args);
            Integer answered = answerWithoutRunning(arguments, out);
            if (answered != null) {
                return answered;
            }
            settings = Settings.resolve(arguments, env);
            LogSetup.configure(settings.logLevel());
            return switch (arguments.command()) {
                case SERVE -> ServeCommand.run(settings, err);
                case VALIDATE -> ValidateCommand.run(settings, out, err);
                case DEMO -> DemoCommand.run(settings, out, err);
                case ENCRYPT_SECRET -> EncryptSecretCommand.run(arguments.value(Option.VALUE), env, System.in, out, err);
                case KEYS_CREATE, KEYS_LIST, KEYS_REVOKE, PROVIDERS, RELOAD ->
                        AdminCommands.run(arguments, env, out, err);
                case IMPORT_LITELLM -> ImportLiteLlmCommand.run(arguments, out, err);
                case KEYS -> throw new UsageException("keys needs a command: keys "
                        + CommandName.subcommands(CommandName.KEYS_GROUP).replace(", ", " | keys ")
                        + " (keys --help says more)");
                case HELP, VERSION -> throw new IllegalStateException("answered above: " + arguments.command());
            };
        } catch (UsageException e) {
            err.println("llm-gateway: " + e.getMessage());
            err.println("(java -jar llm-gateway.jar --help lists the commands and options)");
            return USAGE_ERROR;
        }
    }

    /**
     * Answers {@code --help}, {@code --version}, {@code help} and {@code version}: the exit code,
     * or null for the commands that run.
     */
    private static Integer answerWithoutRunning(Arguments arguments, PrintStream out) throws UsageException {
        if (arguments.has(Option.HELP)) {
            if (arguments.commandExplicit() && arguments.command() != CommandName.HELP) {
                Usage.of(arguments.command(), out);
            } else {
                Usage.all(out);
            }
            return 0;
        }
        if (arguments.has(Option.VERSION) || arguments.command() == CommandName.VERSION) {
            out.println(Version.line());
            return 0;
        }
        if (arguments.command() == CommandName.HELP) {
            String about = arguments.positional();
            if (about == null) {
                Usage.all(out);
                return 0;
            }
            CommandName command = CommandName.byWord(about);
            if (command == null) {
                throw new UsageException("help: unknown command '" + about + "' (expected one of: "
                        + CommandName.words() + ")");
            }
            Usage.of(command, out);
            return 0;
        }
        return null;
    }
}
