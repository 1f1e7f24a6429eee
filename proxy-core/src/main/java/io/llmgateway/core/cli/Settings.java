package io.llmgateway.core.cli;

import io.llmgateway.core.logging.LogLevel;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What a command runs with, once the command line and the environment are combined: an option
 * wins over its environment variable, which wins over the default.
 *
 * @param config   the config file ({@code --config}, {@code validate}'s FILE,
 *                 {@code $LLM_GATEWAY_CONFIG}, {@code config.yaml})
 * @param logLevel {@code --log-level}, {@code $LLM_GATEWAY_LOG_LEVEL}, {@code info}
 * @param strict   {@code validate --strict}
 * @param listen   {@code demo --listen}, or null for the demo's default
 * @param printConfig {@code demo --print-config}
 */
record Settings(Path config, LogLevel logLevel, boolean strict, String listen, boolean printConfig) {

    static final String CONFIG_VARIABLE = "LLM_GATEWAY_CONFIG";
    static final String LOG_LEVEL_VARIABLE = "LLM_GATEWAY_LOG_LEVEL";
    static final String DEFAULT_CONFIG = "config.yaml";

    static Settings resolve(Arguments args, Function<String, String> env) throws UsageException {
        String file = args.value(Option.CONFIG);
        String positional = args.positional();
        if (file != null && positional != null) {
            throw new UsageException(args.command().word() + " takes one config file: got '" + positional
                    + "' and --config '" + file + "'");
        }
        if (file == null) {
            file = positional;
        }
        if (file == null) {
            file = orDefault(env.apply(CONFIG_VARIABLE), DEFAULT_CONFIG);
        }
        return new Settings(Path.of(file), logLevel(args, env), args.has(Option.STRICT), args.value(Option.LISTEN),
                args.has(Option.PRINT_CONFIG));
    }

    private static LogLevel logLevel(Arguments args, Function<String, String> env) throws UsageException {
        String given = args.value(Option.LOG_LEVEL);
        String source = "--log-level";
        if (given == null) {
            given = env.apply(LOG_LEVEL_VARIABLE);
            source = "$" + LOG_LEVEL_VARIABLE;
        }
        if (given == null || given.isBlank()) {
            return LogLevel.INFO;
        }
        try {
            return LogLevel.parse(given, source);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
