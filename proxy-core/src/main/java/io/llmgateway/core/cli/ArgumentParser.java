package io.llmgateway.core.cli;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code <command> [options] [argument]}, where a command of a group is two words
 * ({@code keys create}). Options are {@code --name value} or {@code --name=value}; {@code -h} is
 * {@code --help}; {@code --} ends the options. Without a
 * command word the command is {@code serve}, so {@code java -jar llm-gateway.jar --config x}
 * works as it always did.
 *
 * <p>Strict on purpose: an option that is unknown, not taken by the command, given twice or
 * missing its value (only {@link Option#repeatable()} ones may be given twice), and a second
 * positional argument, are {@link UsageException}s — a typo such
 * as {@code --confg} must not silently start the gateway on the default file.
 */
final class ArgumentParser {

    private ArgumentParser() {
    }

    static Arguments parse(String... args) throws UsageException {
        int i = 0;
        CommandName command = CommandName.SERVE;
        boolean explicit = false;
        if (args.length > 0 && !args[0].startsWith("-")) {
            command = CommandName.byWord(args[0]);
            if (command == null) {
                throw new UsageException("unknown command '" + args[0] + "' (expected one of: "
                        + CommandName.words() + ")");
            }
            explicit = true;
            i = 1;
            if (command == CommandName.KEYS && args.length > 1 && !args[1].startsWith("-")) {
                command = CommandName.byWord(CommandName.KEYS_GROUP + ' ' + args[1]);
                if (command == null) {
                    throw new UsageException("unknown command 'keys " + args[1] + "' (expected one of: "
                            + CommandName.subcommands(CommandName.KEYS_GROUP) + ")");
                }
                i = 2;
            }
        }
        Map<Option, List<String>> options = new EnumMap<>(Option.class);
        List<String> positionals = new ArrayList<>();
        boolean onlyPositionals = false;
        for (; i < args.length; i++) {
            String token = args[i];
            if (onlyPositionals || !token.startsWith("-") || token.equals("-")) {
                addPositional(command, positionals, token);
                continue;
            }
            if (token.equals("--")) {
                onlyPositionals = true;
                continue;
            }
            int eq = token.indexOf('=');
            String name = eq < 0 ? token : token.substring(0, eq);
            Option option = known(command, name);
            String value;
            if (!option.takesValue()) {
                if (eq >= 0) {
                    throw new UsageException("option " + option.flag() + " takes no value, got '" + token + "'");
                }
                value = "";
            } else if (eq >= 0) {
                value = token.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException("option " + option.flag() + " needs a value: " + option.synopsis());
            }
            if (option.takesValue() && value.isBlank()) {
                throw new UsageException("option " + option.flag() + " needs a value, got an empty one: "
                        + option.synopsis());
            }
            List<String> values = options.computeIfAbsent(option, o -> new ArrayList<>(1));
            if (!values.isEmpty() && !option.repeatable()) {
                throw new UsageException("option " + option.flag() + " is given twice");
            }
            values.add(value);
        }
        return new Arguments(command, explicit, options, positionals);
    }

    private static Option known(CommandName command, String name) throws UsageException {
        Option option = Option.byFlag(name);
        if (option == null) {
            Option near = Option.closest(name);
            throw new UsageException("unknown option '" + name + "'"
                    + (near != null && command.takes(near) ? " (did you mean " + near.flag() + "?)" : "")
                    + "; options of " + command.word() + ": " + flags(command));
        }
        if (!command.takes(option)) {
            throw new UsageException("option " + option.flag() + " is not an option of " + command.word()
                    + "; options of " + command.word() + ": " + flags(command));
        }
        return option;
    }

    private static void addPositional(CommandName command, List<String> positionals, String token)
            throws UsageException {
        if (command.positional() == null) {
            throw new UsageException("unexpected argument '" + token + "': " + command.word()
                    + " takes no argument besides its options");
        }
        if (!positionals.isEmpty()) {
            throw new UsageException("unexpected argument '" + token + "': " + command.word() + " takes one "
                    + command.positional() + ", already given '" + positionals.get(0) + "'");
        }
        positionals.add(token);
    }

    private static String flags(CommandName command) {
        StringBuilder out = new StringBuilder();
        for (Option o : command.options()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(o.flag());
        }
        return out.toString();
    }
}
