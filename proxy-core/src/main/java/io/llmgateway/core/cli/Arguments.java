package io.llmgateway.core.cli;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line: the command, the options given (a flag maps to {@code ""}) and the
 * positional argument, if any. Nothing here has been resolved against the environment yet: see
 * {@link Settings}.
 *
 * @param command         the command to run
 * @param commandExplicit whether the command was written ({@code serve}) or is the default
 * @param options         each option given, once
 * @param positionals     the arguments that are not options, at most one
 */
record Arguments(CommandName command, boolean commandExplicit, Map<Option, String> options, List<String> positionals) {

    Arguments {
        options = options.isEmpty() ? Map.of() : new EnumMap<>(options);
        positionals = List.copyOf(positionals);
    }

    boolean has(Option option) {
        return options.containsKey(option);
    }

    /** The value of {@code option}, or null when it was not given. */
    String value(Option option) {
        return options.get(option);
    }

    /** The positional argument, or null. */
    String positional() {
        return positionals.isEmpty() ? null : positionals.get(0);
    }
}
