package io.llmgateway.core.cli;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.demo.EchoEnvironment;
import io.llmgateway.core.reload.ConfigStore;
import io.llmgateway.core.reload.ConfigStores;
import java.io.PrintStream;

/**
 * {@code validate [--strict] [FILE]}: loads a config file as {@code serve} would (from the URL it
 * names, for {@code storage.config.type: http}), without starting
 * anything, and prints every problem with its YAML path (exit 1) or its warnings and a summary
 * (exit 0; with {@code --strict}, exit 1 when there is any warning).
 */
final class ValidateCommand {

    private ValidateCommand() {
    }

    static int run(Settings settings, PrintStream out, PrintStream err) {
        GatewayConfig config;
        try {
            ConfigLoader loader = new ConfigLoader(EchoEnvironment.placeholder(System::getenv));
            ConfigStore store = ConfigStores.open(settings.config(), loader);
            config = loader.parse(store.read(false), store.location());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
        for (String w : config.warnings()) {
            out.println("warning: " + w);
        }
        int warnings = config.warnings().size();
        if (settings.strict() && warnings > 0) {
            err.println(settings.config() + ": " + warnings + " warning(s), which --strict makes a failure");
            return 1;
        }
        out.println(settings.config() + ": OK (" + config.providers().size() + " provider(s), "
                + config.aliases().size() + " alias(es)" + (warnings > 0 ? ", " + warnings + " warning(s)" : "")
                + ")");
        return 0;
    }
}
