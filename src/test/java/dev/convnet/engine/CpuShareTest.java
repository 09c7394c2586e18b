package dev.convnet.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuShareTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final CpuShare cpuShare = new CpuShare();

    @Test
    void withoutATrainingWorkersNeverPause() throws InterruptedException {
        CpuShare.WorkerBudget budget = cpuShare.workerBudget();
        long now = System.nanoTime();
        budget.batchStarting(now);

        assertThat(budget.batchEnded(now, now + 500 * MS)).isZero();
        assertThat(cpuShare.reservedShare()).isZero();
    }

    @Test
    void aBusyWorkerPaysForItsBatchesSoThatTheTrainingKeepsItsShare() throws InterruptedException {
        try (CpuShare.Reservation ignored = cpuShare.reserveForTraining(0.25)) {
            CpuShare.WorkerBudget budget = cpuShare.workerBudget();
            long start = System.nanoTime();
            budget.batchStarting(start);

            long paused = budget.batchEnded(start, start + 30 * MS);

            // busy 30 ms at a 25% share: 10 ms of pause makes it 30 of 40 ms busy
            assertThat(paused).isEqualTo(10 * MS);
            assertThat(budget.pausedNanos()).isEqualTo(10 * MS);
        }
    }

    @Test
    void shortBatchesAccumulateUntilAPauseIsWorthTakingAndIdleTimePaysThemBack() throws InterruptedException {
        try (CpuShare.Reservation ignored = cpuShare.reserveForTraining(0.5)) {
            CpuShare.WorkerBudget budget = cpuShare.workerBudget();
            long t = System.nanoTime();
            budget.batchStarting(t);
            assertThat(budget.batchEnded(t, t + MS)).isZero(); // owes 1 ms: below the 2 ms worth pausing for

            long afterIdle = System.nanoTime() + 5 * MS;
            budget.batchStarting(afterIdle); // 5 ms without requests: the debt is paid
            assertThat(budget.batchEnded(afterIdle, afterIdle + MS)).isZero();

            long busyAgain = System.nanoTime();
            budget.batchStarting(busyAgain);
            assertThat(budget.batchEnded(busyAgain, busyAgain + 2 * MS)).isGreaterThanOrEqualTo(2 * MS);
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
}
