package io.llmgateway.core.cli;

import java.io.PrintStream;

/** The help texts: of the whole command line, and of each command. */
final class Usage {

    private static final String JAR = "java -jar llm-gateway.jar";

    private Usage() {
    }

    /** Every command, and the options they share. */
    static void all(PrintStream out) {
        out.println("usage: " + JAR + " [COMMAND] [OPTIONS]");
        out.println();
        out.println("commands:");
        for (CommandName c : CommandName.values()) {
            out.printf("  %-15s %s%n", c.word(), c.summary());
        }
        out.println();
        out.println("options (each command lists its own with '" + JAR + " COMMAND --help'):");
        for (Option o : Option.values()) {
            out.printf("  %-24s %s%n", o.synopsis(), o.help());
        }
        out.println();
        out.println("Options take their value as '--config FILE' or '--config=FILE'.");
        out.println("The admin API commands (keys, providers, reload) take --url from $" + AdminClient.URL_VARIABLE
                + " and --admin-key from $" + AdminClient.ADMIN_KEY_VARIABLE + " when not given.");
        out.println("Exit codes: 0 done, 1 failed (bad config, cannot start, the admin API refused or is out of "
                + "reach), 2 bad command line.");
    }

    /** One command: its synopsis and its options; of a group ({@code keys}), its commands. */
    static void of(CommandName command, PrintStream out) {
        if (command == CommandName.KEYS) {
            group(out);
            return;
        }
        StringBuilder synopsis = new StringBuilder("usage: ").append(JAR).append(' ').append(command.word());
        for (Option o : command.options()) {
            synopsis.append(" [").append(o.synopsis()).append(']');
        }
        if (command.positional() != null) {
            synopsis.append(' ').append(command.positional());
        }
        out.println(synopsis);
        out.println();
        out.println(command.summary());
        out.println();
        out.println("options:");
        for (Option o : command.options()) {
            out.printf("  %-24s %s%n", o.synopsis(), o.help());
        }
        if (command.takes(Option.ADMIN_KEY)) {
            out.println();
            out.println("--url defaults to $" + AdminClient.URL_VARIABLE + ", else " + AdminClient.DEFAULT_URL
                    + "; --admin-key to $" + AdminClient.ADMIN_KEY_VARIABLE + ".");
        }
    }

    private static void group(PrintStream out) {
        out.println("usage: " + JAR + " keys COMMAND [OPTIONS]");
        out.println();
        out.println(CommandName.KEYS.summary());
        out.println();
        out.println("commands:");
        for (CommandName c : CommandName.values()) {
            if (c.word().startsWith(CommandName.KEYS_GROUP + ' ')) {
                out.printf("  %-15s %s%n", c.word(), c.summary());
            }
        }
        out.println();
        out.println("'" + JAR + " keys COMMAND --help' lists the options of one.");
    }
}
