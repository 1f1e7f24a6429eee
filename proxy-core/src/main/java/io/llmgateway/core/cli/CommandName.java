package io.llmgateway.core.cli;

import java.util.EnumSet;
import java.util.Set;

/** The commands, with the options and positional argument each one takes. */
enum CommandName {
    SERVE("serve", "run the gateway on a config file (the default command)", null,
            EnumSet.of(Option.CONFIG, Option.LOG_LEVEL)),
    VALIDATE("validate", "check a config file and print every problem with its YAML path", "[FILE]",
            EnumSet.of(Option.CONFIG, Option.STRICT, Option.LOG_LEVEL)),
    DEMO("demo", "run the gateway on a built-in echo provider: no key, no network needed", null,
            EnumSet.of(Option.LISTEN, Option.PRINT_CONFIG, Option.LOG_LEVEL)),
    ENCRYPT_SECRET("encrypt-secret", "encrypt a secret read from stdin into an enc:v1: config value "
            + "(master key: $LLM_GATEWAY_MASTER_KEY)", null, EnumSet.of(Option.VALUE)),
    HELP("help", "print the help of every command, or of one", "[COMMAND]", EnumSet.noneOf(Option.class)),
    VERSION("version", "print the version", null, EnumSet.noneOf(Option.class));

    private final String word;
    private final String summary;
    private final String positional;
    private final Set<Option> options;

    CommandName(String word, String summary, String positional, Set<Option> options) {
        this.word = word;
        this.summary = summary;
        this.positional = positional;
        options.add(Option.HELP);
        options.add(Option.VERSION);
        this.options = options;
    }

    String word() {
        return word;
    }

    String summary() {
        return summary;
    }

    /** The one optional positional argument as usage shows it ({@code [FILE]}), or null when there is none. */
    String positional() {
        return positional;
    }

    boolean takes(Option option) {
        return options.contains(option);
    }

    Set<Option> options() {
        return options;
    }

    /** The command spelled {@code word}, or null. */
    static CommandName byWord(String word) {
        for (CommandName c : values()) {
            if (c.word.equals(word)) {
                return c;
            }
        }
        return null;
    }

    /** {@code serve, validate, demo, encrypt-secret, help, version}. */
    static String words() {
        StringBuilder out = new StringBuilder();
        for (CommandName c : values()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(c.word);
        }
        return out.toString();
    }
}
