package io.llmgateway.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link BudgetedCompositeByteBuf}: the reservation comes back when the buffer is freed, not before. */
class BudgetedCompositeByteBufTest {

    private final ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(1_000);

    @Test
    void freeingTheBufferGivesItsReservationBack() {
        assertThat(budget.tryReserve(300)).isTrue();
        BudgetedCompositeByteBuf body = new BudgetedCompositeByteBuf(ByteBufAllocator.DEFAULT, budget);
        body.addComponent(true, Unpooled.copiedBuffer("{\"model\":\"x\"}", StandardCharsets.UTF_8));
        body.holdReservation(300);
        assertThat(body.reservation()).isEqualTo(300);
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"x\"}");
        assertThat(budget.used()).isEqualTo(300);
        assertThat(body.release()).isTrue();
        assertThat(budget.used()).isZero();
    }

    @Test
    void aSliceKeepsTheBodyAndItsReservationUntilItIsReleased() {
        assertThat(budget.tryReserve(10)).isTrue();
        BudgetedCompositeByteBuf body = new BudgetedCompositeByteBuf(ByteBufAllocator.DEFAULT, budget);
        body.addComponent(true, Unpooled.copiedBuffer("0123456789", StandardCharsets.UTF_8));
        body.holdReservation(10);
        ByteBuf slice = body.retainedSlice(2, 3);
        body.release();
        assertThat(budget.used()).isEqualTo(10);
        assertThat(slice.toString(StandardCharsets.UTF_8)).isEqualTo("234");
        slice.release();
        assertThat(budget.used()).isZero();
    }

    @Test
    void aBufferWithoutReservationGivesNothingBack() {
        assertThat(budget.tryReserve(5)).isTrue();
        BudgetedCompositeByteBuf body = new BudgetedCompositeByteBuf(ByteBufAllocator.DEFAULT, budget);
        body.release();
        assertThat(budget.used()).isEqualTo(5);
        budget.release(5);
    }
}
