package io.llmgateway.core.cli;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line: the command, the options given (a flag maps to {@code ""}; only a
 * repeatable option has more than one value) and the positional argument, if any. Nothing here has been resolved against the environment yet: see
 * {@link Settings}.
 *
 * @param command         the command to run
 * @param commandExplicit whether the command was written ({@code serve}) or is the default
 * @param options         each option given, with its values in the order given
 * @param positionals     the arguments that are not options, at most one
 */
record Arguments(CommandName command, boolean commandExplicit, Map<Option, List<String>> options,
                 List<String> positionals) {

    Arguments {
        Map<Option, List<String>> copy = new EnumMap<>(Option.class);
        options.forEach((option, values) -> copy.put(option, List.copyOf(values)));
        options = copy;
        positionals = List.copyOf(positionals);
    }

    boolean has(Option option) {
        return options.containsKey(option);
    }

    /** The value of {@code option}, or null when it was not given. */
    String value(Option option) {
        List<String> values = options.get(option);
        return values == null ? null : values.get(values.size() - 1);
    }

    /** Every value of a repeatable {@code option}, in the order given; empty when it was not given. */
    List<String> values(Option option) {
        return options.getOrDefault(option, List.of());
    }

    /** The positional argument, or null. */
    String positional() {
        return positionals.isEmpty() ? null : positionals.get(0);
    }
}
