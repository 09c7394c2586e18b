package dev.convnet.inference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loaded models' memory accounting: charges fit the budget, retiring ones make room, released ones leave. */
class ServingMemoryTest {

    @Test
    void chargesFitTheBudgetAndNoMore() {
        ServingMemory memory = new ServingMemory(100);
        ServingMemory.Charge first = memory.tryCharge(60, "onnxruntime");

        assertThat(first).isNotNull();
        assertThat(first.bytes()).isEqualTo(60);
        assertThat(memory.usedBytes()).isEqualTo(60);
        assertThat(memory.freeBytes()).isEqualTo(40);
        assertThat(memory.tryCharge(41, "onnxruntime")).as("over the budget: nothing charged").isNull();
        assertThat(memory.usedBytes()).isEqualTo(60);
        assertThat(memory.tryCharge(40, "dl4j")).isNotNull();
        assertThat(memory.usedBytes()).isEqualTo(100);
        assertThat(memory.freeBytes()).isZero();
    }

    @Test
    void aRetiringChargeMakesRoomButStaysUsedUntilReleased() {
        ServingMemory memory = new ServingMemory(100);
        ServingMemory.Charge old = memory.tryCharge(70, "onnxruntime");
        assertThat(memory.tryCharge(50, "onnxruntime")).isNull();

        old.retiring();
        old.retiring();
        assertThat(memory.freeBytes()).isEqualTo(100);
        ServingMemory.Charge next = memory.tryCharge(50, "onnxruntime");
        assertThat(next).isNotNull();
        assertThat(memory.usedBytes()).as("the old session is not closed yet").isEqualTo(120);
        assertThat(memory.freeBytes()).isEqualTo(50);

        old.release();
        old.release();
        assertThat(old.released()).isTrue();
        assertThat(memory.usedBytes()).isEqualTo(50);
        assertThat(memory.freeBytes()).isEqualTo(50);
        old.retiring();
        assertThat(memory.freeBytes()).as("retiring after release changes nothing").isEqualTo(50);
    }

    @Test
    void aChargeReleasedWithoutRetiringLeavesNothingBehind() {
        ServingMemory memory = new ServingMemory(100);
        ServingMemory.Charge charge = memory.tryCharge(30, "dl4j");
        charge.release();

        assertThat(memory.usedBytes()).isZero();
        assertThat(memory.freeBytes()).isEqualTo(100);
        assertThat(memory.tryCharge(100, "dl4j")).isNotNull();
    }

    @Test
    void negativeChargesAndBudgetsAreRefused() {
        assertThatThrownBy(() -> new ServingMemory(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServingMemory(10).tryCharge(-1, "dl4j")).isInstanceOf(IllegalArgumentException.class);
    }
}
