package io.llmgateway.core.cli;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.demo.DemoConfig;
import io.llmgateway.core.demo.EchoEnvironment;
import io.llmgateway.core.reload.ConfigControl;
import io.llmgateway.core.reload.TextConfigStore;
import io.llmgateway.core.server.GatewayServer;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * {@code demo [--listen HOST:PORT] [--print-config]}: runs the gateway on {@link DemoConfig}, whose
 * models are answered by the built-in echo provider, so that the README's examples work at once
 * with no key and no network.
 */
final class DemoCommand {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(DemoCommand.class);

    private DemoCommand() {
    }

    static int run(Settings settings, PrintStream out, PrintStream err) throws InterruptedException {
        String yaml = DemoConfig.yaml();
        if (settings.printConfig()) {
            out.print(yaml);
            return 0;
        }
        Map<String, String> overrides = settings.listen() == null
                ? Map.of()
                : Map.of(DemoConfig.LISTEN_VARIABLE, settings.listen());
        try (EchoEnvironment env = EchoEnvironment.starting(System::getenv, overrides)) {
            ConfigLoader loader = new ConfigLoader(env);
            return GatewayRun.run("the demo config",
                    () -> ConfigControl.open(new TextConfigStore("demo config", yaml), loader, Clock.systemUTC()), err,
                    (server, config) -> announce(server, config, env.echoUrl()));
        }
    }

    private static void announce(GatewayServer server, GatewayConfig config, String echoUrl) {
        String host = config.server().host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "localhost";
        }
        String base = "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ':' + server.port() + "/v1";
        LOG.info("demo: the models {} are answered by the built-in echo provider at {}, which repeats your last "
                + "message", String.join(", ", config.aliases().keySet()), echoUrl);
        LOG.info("demo: try curl {}/chat/completions -H 'Content-Type: application/json' "
                + "-d '{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}'", base);
        LOG.info("demo: for real providers, run serve --config FILE (start from config.example.yaml)");
    }
}
