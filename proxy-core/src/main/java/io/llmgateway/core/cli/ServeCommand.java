package io.llmgateway.core.cli;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.demo.EchoEnvironment;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code serve}: runs the gateway on a config file. A provider whose {@code base_url} is
 * {@code ${LLM_GATEWAY_ECHO_URL}} is the built-in echo provider, started on demand
 * ({@link EchoEnvironment}).
 */
final class ServeCommand {

    private ServeCommand() {
    }

    static int run(Settings settings, PrintStream err) throws InterruptedException {
        try (EchoEnvironment env = EchoEnvironment.starting(System::getenv, Map.of())) {
            ConfigLoader loader = new ConfigLoader(env);
            return GatewayRun.run(settings.config().toString(), () -> loader.load(settings.config()), err,
                    (server, config) -> { });
        }
    }
}
