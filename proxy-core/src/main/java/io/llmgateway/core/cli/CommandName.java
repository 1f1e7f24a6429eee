package io.llmgateway.core.cli;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The commands, with the options and positional argument each one takes. A command of a group is
 * two words ({@code keys create}); the group's own word ({@code keys}) only answers {@code --help}.
 */
enum CommandName {
    SERVE("serve", "run the gateway on a config file (the default command)", null,
            EnumSet.of(Option.CONFIG, Option.LOG_LEVEL)),
    VALIDATE("validate", "check a config file and print every problem with its YAML path", "[FILE]",
            EnumSet.of(Option.CONFIG, Option.STRICT, Option.LOG_LEVEL)),
    DEMO("demo", "run the gateway on a built-in echo provider: no key, no network needed", null,
            EnumSet.of(Option.LISTEN, Option.PRINT_CONFIG, Option.LOG_LEVEL)),
    ENCRYPT_SECRET("encrypt-secret", "encrypt a secret read from stdin into an enc:v1: config value "
            + "(master key: $LLM_GATEWAY_MASTER_KEY)", null, EnumSet.of(Option.VALUE)),
    KEYS_CREATE("keys create", "create a virtual key through the admin API and print it (shown once)", null,
            adminOptions(Option.NAME, Option.TEAM, Option.MODELS, Option.RPM, Option.TPM, Option.MAX_PARALLEL,
                    Option.BUDGET_USD, Option.BUDGET_PERIOD, Option.EXPIRES, Option.META)),
    KEYS_LIST("keys list", "list the virtual keys with their limits, budget and spend", null, adminOptions()),
    KEYS_REVOKE("keys revoke", "revoke a virtual key: requests with it get 401 from then on", "ID", adminOptions()),
    KEYS("keys", "manage virtual keys: keys create | keys list | keys revoke", null, EnumSet.noneOf(Option.class)),
    PROVIDERS("providers", "show every provider key: state, usage against its limits, latency, errors", null,
            adminOptions()),
    RELOAD("reload", "make the running gateway reload its config (the running one stays if the new one is invalid)",
            null, adminOptions()),
    IMPORT_LITELLM("import-litellm", "convert a LiteLLM config.yaml to this gateway's config, saying what it could "
            + "not map", "FILE", EnumSet.of(Option.OUTPUT)),
    HELP("help", "print the help of every command, or of one", "[COMMAND]", EnumSet.noneOf(Option.class)),
    VERSION("version", "print the version", null, EnumSet.noneOf(Option.class));

    static final String KEYS_GROUP = "keys";

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

    /** The options of a command that calls the admin API, plus {@code more}. */
    private static EnumSet<Option> adminOptions(Option... more) {
        EnumSet<Option> options = EnumSet.of(Option.URL, Option.ADMIN_KEY, Option.JSON);
        options.addAll(Arrays.asList(more));
        return options;
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

    /** The commands of the group {@code group} ({@code keys}): {@code create, list, revoke}. */
    static String subcommands(String group) {
        StringBuilder out = new StringBuilder();
        for (CommandName c : values()) {
            if (c.word.startsWith(group + ' ')) {
                if (out.length() > 0) {
                    out.append(", ");
                }
                out.append(c.word.substring(group.length() + 1));
            }
        }
        return out.toString();
    }

    /** {@code serve, validate, demo, ...}. */
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
