package io.llmgateway.core.cli;

import java.io.PrintStream;
import java.util.function.Function;

/**
 * Runs the commands that call the admin API of a running gateway ({@code keys create|list|revoke},
 * {@code providers}, {@code reload}): exit 0 when the call succeeded; 1 with one line on standard
 * error when the gateway refused it or could not be reached; a command line that cannot be sent
 * is a {@link UsageException} (exit 2) before any call.
 */
final class AdminCommands {

    private AdminCommands() {
    }

    static int run(Arguments args, Function<String, String> env, PrintStream out, PrintStream err)
            throws UsageException, InterruptedException {
        AdminClient client = AdminClient.from(args, env);
        boolean json = args.has(Option.JSON);
        try {
            switch (args.command()) {
                case KEYS_CREATE -> KeysCreateCommand.run(KeysCreateCommand.body(args), client, json, out, err);
                case KEYS_LIST -> KeysListCommand.run(client, json, out);
                case KEYS_REVOKE -> KeysRevokeCommand.run(revokedId(args), client, json, out);
                case PROVIDERS -> ProvidersCommand.run(client, json, out);
                case RELOAD -> ReloadCommand.run(client, json, out);
                default -> throw new IllegalArgumentException("not an admin API command: " + args.command());
            }
            return 0;
        } catch (AdminCallException e) {
            err.println("llm-gateway: " + e.getMessage());
            for (String detail : e.details()) {
                err.println("  - " + detail);
            }
            return 1;
        }
    }

    private static String revokedId(Arguments args) throws UsageException {
        String id = args.positional();
        if (id == null || id.isBlank()) {
            throw new UsageException("keys revoke needs the ID of the key to revoke (keys list shows them), e.g. "
                    + "keys revoke vk_1a2b");
        }
        return id;
    }
}
