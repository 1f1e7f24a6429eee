package io.llmgateway.core.cli;

import com.sun.jna.Function;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Installs the SIGHUP handler, also in a process started under {@code nohup}.
 *
 * <p>{@code nohup} sets SIGHUP to ignored before it executes the JVM, and HotSpot's
 * {@code JVM_RegisterSignal} then declines to install a handler for it: {@code Signal.handle}
 * throws nothing, returns {@code SIG_IGN}, and the handler never runs (a reload by
 * {@code kill -HUP} does nothing). When that happens this class restores the default disposition
 * with libc's {@code signal(SIGHUP, SIG_DFL)} through JNA, loaded only in that case, and installs
 * the handler again, which the JVM now accepts. Between the two calls (microseconds, at start-up)
 * a SIGHUP would end the process, as it would any process not under {@code nohup}.
 */
final class HangUpSignal {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(HangUpSignal.class);
    private static final Signal HUP = new Signal("HUP");

    private HangUpSignal() {
    }

    /** Runs {@code action} on the JVM's signal thread at every SIGHUP; false when that cannot be arranged (logged). */
    static boolean handle(Runnable action) {
        SignalHandler handler = s -> action.run();
        try {
            if (Signal.handle(HUP, handler) != SignalHandler.SIG_IGN) {
                return true;
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGHUP cannot be handled ({}; -Xrs?): reload the config by restarting", e.getMessage());
            return false;
        }
        try {
            Function.getFunction(Platform.C_LIBRARY_NAME, "signal").invokePointer(
                    new Object[] {HUP.getNumber(), Pointer.NULL});
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("SIGHUP is ignored by this process (started under nohup?) and its default could not be "
                    + "restored ({}): reload the config by restarting", e.toString());
            return false;
        }
        if (Signal.handle(HUP, handler) == SignalHandler.SIG_IGN) {
            LOG.warn("SIGHUP is ignored by this process (started under nohup?): reload the config by restarting");
            return false;
        }
        LOG.info("SIGHUP was set to be ignored (nohup): restored, so that SIGHUP reloads the config");
        return true;
    }
}
