package dev.convnet.engine.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuShareTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final CpuShare cpuShare = new CpuShare(now::get);

    @Test
    void withoutATrainingServingIsNeverHeldBack() throws InterruptedException {
        busyFor(200 * MS);

        assertThat(cpuShare.trainingWindowOpen()).isFalse();
        assertThat(cpuShare.trainingWindowNanos()).isZero();
    }

    @Test
    void servingBusyThroughAPeriodHandsTheTrainingItsShareOfTheNext() throws InterruptedException {
        try (CpuShare.Reservation ignored = cpuShare.reserveForTraining(0.25)) {
            busyFor(60 * MS);

            // 60 ms of serving, then 20 ms for the training: a quarter of the 80
            assertThat(cpuShare.trainingWindowOpen()).isTrue();
            assertThat(cpuShare.trainingWindowNanos()).isEqualTo(20 * MS);
            now.addAndGet(20 * MS);
            assertThat(cpuShare.trainingWindowOpen()).isFalse();
        }
    }

    @Test
    void servingThatLeavesTheCpuIdleEnoughTakesNoWindow() throws InterruptedException {
        try (CpuShare.Reservation ignored = cpuShare.reserveForTraining(0.25)) {
            for (int i = 0; i < 20; i++) {
                busyFor(5 * MS); // busy half the time: the training gets the other half anyway
                now.addAndGet(5 * MS);
            }

            assertThat(cpuShare.trainingWindowNanos()).isZero();
        }
    }

    @Test
    void overlappingRequestsCountOnceAsBusyTime() throws InterruptedException {
        try (CpuShare.Reservation ignored = cpuShare.reserveForTraining(0.5)) {
            cpuShare.servingStarts();
            now.addAndGet(20 * MS);
            cpuShare.servingStarts();
            now.addAndGet(20 * MS);
            cpuShare.servingEnds();
            now.addAndGet(20 * MS); // 60 ms busy, though the two requests sum to 80
            cpuShare.servingEnds();

            assertThat(cpuShare.trainingWindowNanos()).isEqualTo(60 * MS); // half of 60 + 60
        }
    }

    @Test
    void theLargestShareOfTheRunningTrainingsCountsAndEndsWithThem() {
        CpuShare.Reservation small = cpuShare.reserveForTraining(0.1);
        CpuShare.Reservation large = cpuShare.reserveForTraining(0.3);
        assertThat(cpuShare.reservedShare()).isEqualTo(0.3);

        large.close();
        assertThat(cpuShare.reservedShare()).isEqualTo(0.1);
        small.close();
        assertThat(cpuShare.reservedShare()).isZero();
    }

    @Test
    void aShareThatWouldStopPredictionsIsRefused() {
        assertThatThrownBy(() -> cpuShare.reserveForTraining(0.95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cpuShare.reserveForTraining(-0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    private void busyFor(long nanos) throws InterruptedException {
        cpuShare.servingStarts();
        now.addAndGet(nanos);
        cpuShare.servingEnds();
    }
}
