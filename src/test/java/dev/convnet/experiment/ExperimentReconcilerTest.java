package dev.convnet.experiment;

import dev.convnet.training.TrainingJobService;
import dev.convnet.training.TrainingJobState;
import dev.convnet.training.TrainingJobView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A run whose job was lost with its node before a checkpoint is queued again while it has retries left; a job that
 * failed on its own, or a run out of retries, ends the experiment as before.
 */
class ExperimentReconcilerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String LOST = "node w1 restarted during training; no checkpoint to resume from";

    private final ExperimentRepository experiments = mock(ExperimentRepository.class);
    private final ExperimentSnapshots snapshots = mock(ExperimentSnapshots.class);
    private final ExperimentReconciler reconciler = new ExperimentReconciler(experiments, snapshots,
            mock(ExperimentService.class), mock(ExperimentEvents.class), mock(VariantValidator.class),
            mock(TrainingJobService.class), new ExperimentProperties(Duration.ofSeconds(2), 64, 256, 20, 2),
            mock(TransactionTemplate.class), JsonMapper.builder().build(), Clock.fixed(NOW, ZoneOffset.UTC));

    private final StoredExperiment experiment = new StoredExperiment(UUID.randomUUID(), "e", ExperimentState.RUNNING, "{}",
            "a", 1, null, "tester", null, NOW, null);
    private final List<StoredExperiment.Variant> variants = List.of(new StoredExperiment.Variant(0, "a", "{}", "{}"));

    @Test
    void aRunWhoseJobWasLostWithItsNodeIsQueuedAgainAndTheExperimentGoesOn() {
        TrainingJobView lost = job(TrainingJobState.FAILED, LOST);
        when(snapshots.of(experiment)).thenReturn(snapshot(run(lost.id(), 0), lost), snapshot(run(null, 1), null));
        when(experiments.retryRun(experiment.id(), 0, lost.id())).thenReturn(true);

        reconciler.reconcile(experiment);

        verify(experiments).retryRun(experiment.id(), 0, lost.id());
        verify(experiments, never()).finish(any(), any(), any(), any());
    }

    @Test
    void aRunRetriedByAnotherNodeMeanwhileDoesNotEndTheExperiment() {
        TrainingJobView lost = job(TrainingJobState.FAILED, LOST);
        when(snapshots.of(experiment)).thenReturn(snapshot(run(lost.id(), 0), lost), snapshot(run(null, 1), null));
        when(experiments.retryRun(experiment.id(), 0, lost.id())).thenReturn(false);

        reconciler.reconcile(experiment);

        verify(experiments, never()).finish(any(), any(), any(), any());
    }

    @Test
    void aRunOutOfRetriesFailsItsVariant() {
        TrainingJobView lost = job(TrainingJobState.FAILED, LOST);
        when(snapshots.of(experiment)).thenReturn(snapshot(run(lost.id(), 2), lost));

        reconciler.reconcile(experiment);

        verify(experiments, never()).retryRun(any(), anyInt(), any());
        verify(experiments).finish(eq(experiment.id()), eq(ExperimentState.FAILED), eq("1 of 1 runs did not succeed"), eq(NOW));
    }

    @Test
    void aJobThatFailedOnItsOwnIsNotRunAgain() {
        TrainingJobView failed = job(TrainingJobState.FAILED, "the loss became NaN in epoch 1");
        when(snapshots.of(experiment)).thenReturn(snapshot(run(failed.id(), 0), failed));

        reconciler.reconcile(experiment);

        verify(experiments, never()).retryRun(any(), anyInt(), any());
        verify(experiments).finish(eq(experiment.id()), eq(ExperimentState.FAILED), any(), eq(NOW));
    }

    @Test
    void aSucceededRunEndsTheExperimentWithoutARetry() {
        TrainingJobView succeeded = job(TrainingJobState.SUCCEEDED, null);
        when(snapshots.of(experiment)).thenReturn(snapshot(run(succeeded.id(), 1), succeeded));

        reconciler.reconcile(experiment);

        verify(experiments, never()).retryRun(any(), anyInt(), any());
        verify(experiments).finish(eq(experiment.id()), eq(ExperimentState.SUCCEEDED), isNull(), eq(NOW));
    }

    @Test
    void onlyAFailureOfTheNodeCountsAsLost() {
        assertThat(job(TrainingJobState.FAILED, LOST).lostWithItsNode()).isTrue();
        assertThat(job(TrainingJobState.FAILED, "interrupted by the shutdown of node w1; no checkpoint to resume from")
                .lostWithItsNode()).isTrue();
        assertThat(job(TrainingJobState.CANCELLED, "node w1 restarted during training").lostWithItsNode()).isFalse();
        assertThat(job(TrainingJobState.FAILED, "the loss became NaN in epoch 1").lostWithItsNode()).isFalse();
        assertThat(job(TrainingJobState.FAILED, null).lostWithItsNode()).isFalse();
    }

    private ExperimentSnapshot snapshot(StoredExperiment.Run run, TrainingJobView job) {
        return new ExperimentSnapshot(experiment, variants, List.of(new ExperimentSnapshot.RunSnapshot(run, "a", job)));
    }

    private static StoredExperiment.Run run(UUID job, int retries) {
        return new StoredExperiment.Run(0, 0, 7, job, null, retries);
    }

    private static TrainingJobView job(TrainingJobState state, String error) {
        return new TrainingJobView(UUID.randomUUID(), state, UUID.randomUUID(), "m", "d", 2, null, null, null, null, null,
                null, null, List.of(), null, error, "w1", false, NOW, NOW, state.finished() ? NOW : null, "tester", null);
    }
}
