package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@link OutOfMemoryExit}: which throwables halt the process. The halt itself is proven end to end
 * ({@code OutOfMemoryExitIT}): here it would end the test run.
 */
class OutOfMemoryExitTest {

    @Test
    void anOutOfMemoryErrorOfAnyKindIsOneAlsoWhenWrapped() {
        assertThat(OutOfMemoryExit.isOutOfMemory(new OutOfMemoryError("Java heap space"))).isTrue();
        assertThat(OutOfMemoryExit.isOutOfMemory(new OutOfMemoryError("Cannot reserve 4194304 bytes of direct buffer "
                + "memory"))).isTrue();
        assertThat(OutOfMemoryExit.isOutOfMemory(new DecoderException(new OutOfMemoryError("Java heap space"))))
                .isTrue();
    }

    @Test
    void otherThrowablesAreNot() {
        assertThat(OutOfMemoryExit.isOutOfMemory(new IOException("connection reset"))).isFalse();
        assertThat(OutOfMemoryExit.isOutOfMemory(new StackOverflowError())).isFalse();
        assertThat(OutOfMemoryExit.isOutOfMemory(new DecoderException("bad chunk"))).isFalse();
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertThat(OutOfMemoryExit.isOutOfMemory(a)).isFalse();
    }

    @Test
    void haltingOnAnythingElseDoesNothing() {
        OutOfMemoryExit.haltIfOutOfMemory(new IllegalStateException("bug"));
        OutOfMemoryExit.haltIfOutOfMemory(null);
    }
}
