package io.llmgateway.core.cli;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.demo.EchoEnvironment;
import io.llmgateway.core.reload.ConfigControl;
import io.llmgateway.core.reload.ConfigStores;
import io.llmgateway.core.server.OutOfMemoryExit;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * {@code serve}: runs the gateway on a config file. A provider whose {@code base_url} is
 * {@code ${LLM_GATEWAY_ECHO_URL}} is the built-in echo provider, started on demand
 * ({@link EchoEnvironment}).
 */
final class ServeCommand {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ServeCommand.class);

    private ServeCommand() {
    }

    static int run(Settings settings, PrintStream err) throws InterruptedException {
        try (EchoEnvironment env = EchoEnvironment.starting(System::getenv, Map.of())) {
            ConfigLoader loader = new ConfigLoader(env);
            return GatewayRun.run(settings.config().toString(),
                    () -> ConfigControl.open(ConfigStores.open(settings.config(), loader), loader, Clock.systemUTC()), err,
                    (server, config) -> warnIfNotExitingOnOutOfMemory());
        }
    }

    /** The JVM flag is the one defence that sees an OutOfMemoryError anywhere: said when it is missing. */
    private static void warnIfNotExitingOnOutOfMemory() {
        if (!OutOfMemoryExit.jvmExitsOnOutOfMemory()) {
            LOG.warn("the JVM runs without -XX:+ExitOnOutOfMemoryError: after an OutOfMemoryError in a thread the "
                    + "gateway does not see, it could live on without answering; start it with scripts/llm-gateway "
                    + "or add the flag, under a supervisor that restarts it");
        }
    }
}
