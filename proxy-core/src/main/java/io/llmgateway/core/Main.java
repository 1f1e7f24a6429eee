package io.llmgateway.core;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.server.GatewayServer;
import io.llmgateway.core.server.StartupWork;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * Command line: {@code serve} runs the gateway, {@code validate} checks a config file.
 *
 * <pre>
 *   java -jar llm-gateway.jar serve    [--config config.yaml] [--log-level info]
 *   java -jar llm-gateway.jar validate [--config config.yaml]
 * </pre>
 *
 * <p>Signals: SIGTERM and SIGINT drain in-flight requests (bounded by
 * {@code server.shutdown_grace_ms}) and exit 0; SIGHUP reloads the config file (a bad file is
 * rejected and the running config stays).
 */
public final class Main {

    private static final String DEFAULT_CONFIG = "config.yaml";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        quietNettyDefaults();
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "serve";
        String configPath = option(args, "--config", System.getenv().getOrDefault("LLM_GATEWAY_CONFIG", DEFAULT_CONFIG));
        String logLevel = option(args, "--log-level", System.getenv().getOrDefault("LLM_GATEWAY_LOG_LEVEL", "info"));
        configureLogging(logLevel);
        switch (command) {
            case "serve" -> System.exit(serve(Path.of(configPath)));
            case "validate" -> System.exit(validate(Path.of(configPath), System.out, System.err));
            case "help", "--help", "-h" -> usage(System.out);
            default -> {
                System.err.println("unknown command: " + command);
                usage(System.err);
                System.exit(2);
            }
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar llm-gateway.jar <command> [options]");
        out.println("  serve     run the gateway (default)");
        out.println("  validate  check a config file and print every problem with its YAML path");
        out.println("options:");
        out.println("  --config FILE      config file (default: $LLM_GATEWAY_CONFIG or config.yaml)");
        out.println("  --log-level LEVEL  error | warn | info | debug (default: $LLM_GATEWAY_LOG_LEVEL or info)");
    }

    static int validate(Path config, PrintStream out, PrintStream err) {
        try {
            GatewayConfig cfg = ConfigLoader.fromEnvironment().load(config);
            for (String w : cfg.warnings()) {
                out.println("warning: " + w);
            }
            out.println(config + ": OK (" + cfg.providers().size() + " provider(s), " + cfg.aliases().size()
                    + " alias(es))");
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static int serve(Path configPath) throws InterruptedException {
        // Signals first: a SIGTERM that arrives while starting must still end in an orderly exit.
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        defaultLeakDetectionOff();
        preloadNatives();
        InternalLogger log = InternalLoggerFactory.getInstance(Main.class);
        GatewayConfig config;
        try {
            config = ConfigLoader.fromEnvironment().load(configPath);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        GatewayServer server;
        try {
            server = GatewayServer.start(config);
        } catch (Exception e) {
            log.error("cannot start: {}", e.toString());
            return 1;
        }
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        log.info("ready in {} ms (JVM start to listening)", uptimeMs);
        Signal.handle(new Signal("HUP"), s -> reload(server, configPath, log));
        stop.await();
        long grace = config.server().shutdownGraceMs();
        log.info("shutting down: draining requests in flight (up to {} ms)", grace);
        server.shutdownGracefully(grace);
        flushLeakReports();
        log.info("stopped");
        return 0;
    }

    /**
     * Loads the native libraries (BoringSSL, epoll) on a second thread while the main thread
     * reads the config and builds the server: on two or more cores this takes most of their load
     * time off the path to ready.
     */
    private static void preloadNatives() {
        if (StartupWork.oneCpu()) {
            return; // the upstream client loads BoringSSL once listening (StartupWork)
        }
        Thread t = new Thread(() -> {
            io.netty.channel.epoll.Epoll.isAvailable();
            io.netty.handler.ssl.OpenSsl.isAvailable();
        }, "preload-natives");
        t.setDaemon(true);
        t.start();
    }

    /** SIGHUP: load and validate the file again; publish it only if it is valid. */
    private static void reload(GatewayServer server, Path configPath, InternalLogger log) {
        // Runs on the JVM's signal thread, never an event loop.
        try {
            GatewayConfig next = ConfigLoader.fromEnvironment().load(configPath);
            server.publish(next);
            for (String w : next.warnings()) {
                log.warn(w);
            }
            log.info("reloaded {}: {} provider(s), {} alias(es) (listener and pool settings need a restart)",
                    configPath, next.providers().size(), next.aliases().size());
        } catch (ConfigException e) {
            log.error("reload rejected, the running config stays:\n{}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("reload failed, the running config stays: {}", e.toString());
        }
    }

    /**
     * Netty's JFR events (buffer and chunk allocation) are off unless asked for with
     * {@code -Dio.netty.jfr.enabled=true}: the first pooled allocation would otherwise initialise
     * the JFR event machinery, about 100 ms of CPU on the way to ready. Set before any Netty class
     * reads it.
     */
    private static void quietNettyDefaults() {
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
    }

    /**
     * Netty samples one buffer in 128 for leak tracking unless told otherwise, and each sample
     * records a stack trace: about 2% of the gateway's CPU under load. Buffer ownership is proven
     * by the test suite at PARANOID, so a production process tracks nothing unless the operator
     * asks for it with {@code -Dio.netty.leakDetection.level}.
     */
    private static void defaultLeakDetectionOff() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * With leak detection at PARANOID (tests), make the detector report buffers the GC can prove
     * leaked before the process exits, so that a leak anywhere fails the end-to-end tests.
     */
    private static void flushLeakReports() throws InterruptedException {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            return;
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
            io.netty.buffer.PooledByteBufAllocator.DEFAULT.heapBuffer(1).release();
            new io.netty.buffer.AdaptiveByteBufAllocator().directBuffer(1).release();
        }
    }

    private static void configureLogging(String level) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tFT%1$tT.%1$tLZ %4$-7s [%3$s] %5$s%6$s%n");
        }
        try {
            LogManager.getLogManager().readConfiguration();
        } catch (java.io.IOException e) {
            // keep the JDK defaults
        }
        Level jul = switch (level.toLowerCase()) {
            case "error" -> Level.SEVERE;
            case "warn", "warning" -> Level.WARNING;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            default -> Level.INFO;
        };
        Logger root = Logger.getLogger("");
        root.setLevel(jul);
        for (var h : root.getHandlers()) {
            h.setLevel(jul);
        }
        // Netty's own chatter at debug is noise for operators.
        Logger.getLogger("io.netty").setLevel(jul.intValue() < Level.INFO.intValue() ? Level.INFO : jul);
    }

    private static String option(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return def;
    }
}
