package io.llmgateway.core.logging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Sets up the process's logging once, before anything logs: one {@link OneLineFormatter} handler
 * on stderr at the chosen {@link LogLevel}. The gateway logs through Netty's
 * {@code InternalLogger}, which writes to JDK logging when no SLF4J or Log4j is on the class
 * path (the fat jar has neither).
 *
 * <p>At {@code debug}, the loggers of the JDK and of Netty ({@link #LIBRARIES}) stay at
 * {@code info}: their debug output (TLS handshakes and certificate chains, buffer pool internals,
 * JMX) buries the gateway's own and may print more of a TLS exchange than an operator wants in a
 * log. {@code -Djava.util.logging.config.file} still wins: with it set, that file's handlers and
 * levels are kept and only the root level follows {@code --log-level}.
 */
public final class LogSetup {

    /** Logger prefixes held at {@code info} or above. */
    static final List<String> LIBRARIES = List.of("io.netty", "javax.net", "javax.management", "sun", "jdk",
            "com.sun", "java");

    /** JDK logging holds loggers weakly: a level set on one that is collected would be lost. */
    private static final List<Logger> HELD = new ArrayList<>();

    private LogSetup() {
    }

    /** Installs the one-line handler on the root logger at {@code level}. */
    public static void configure(LogLevel level) {
        Logger root = Logger.getLogger("");
        Level jul = level.jul();
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            readOperatorConfiguration();
            root.setLevel(jul);
            return;
        }
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new OneLineFormatter());
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(jul);
        Level libraries = jul.intValue() < Level.INFO.intValue() ? Level.INFO : jul;
        synchronized (HELD) {
            HELD.clear();
            for (String prefix : LIBRARIES) {
                Logger l = Logger.getLogger(prefix);
                l.setLevel(libraries);
                HELD.add(l);
            }
        }
    }

    private static void readOperatorConfiguration() {
        try {
            LogManager.getLogManager().readConfiguration();
        } catch (IOException e) {
            System.err.println("cannot read the logging configuration: " + e.getMessage());
        }
    }
}
