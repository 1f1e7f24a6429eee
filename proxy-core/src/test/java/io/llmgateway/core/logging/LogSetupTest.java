package io.llmgateway.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogSetupTest {

    @AfterEach
    void backToInfo() {
        LogSetup.configure(LogLevel.INFO);
    }

    @Test
    void debugShowsTheGatewaysDebugButKeepsTheJdkAndNettyAtInfo() {
        LogSetup.configure(LogLevel.DEBUG);
        assertThat(Logger.getLogger("io.llmgateway.core.balance.KeyStateRegistry").isLoggable(Level.FINE)).isTrue();
        for (String library : new String[] {"io.netty.buffer.PoolChunk", "javax.net.ssl", "sun.security.ssl",
                "jdk.event.security", "com.sun.jna.Native"}) {
            assertThat(Logger.getLogger(library).isLoggable(Level.FINE)).as(library).isFalse();
            assertThat(Logger.getLogger(library).isLoggable(Level.INFO)).as(library).isTrue();
        }
    }

    @Test
    void oneHandlerWritesEveryLineInTheOneLineFormat() {
        LogSetup.configure(LogLevel.WARN);
        Handler[] handlers = Logger.getLogger("").getHandlers();
        assertThat(handlers).singleElement().satisfies(h -> assertThat(h.getFormatter())
                .isInstanceOf(OneLineFormatter.class));
        assertThat(Logger.getLogger("io.llmgateway.x").isLoggable(Level.INFO)).isFalse();
        assertThat(Logger.getLogger("io.netty.x").isLoggable(Level.INFO)).as("libraries follow a level above info")
                .isFalse();
        assertThat(Logger.getLogger("io.llmgateway.x").isLoggable(Level.WARNING)).isTrue();
    }
}
