package dev.convnet.training;

import dev.convnet.dataset.ImageSet;
import dev.convnet.dataset.augment.AugmentationSettings;
import dev.convnet.dataset.augment.ImageSetEpochData;
import dev.convnet.engine.EpochData;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.fit.EpochResult;
import dev.convnet.engine.fit.IterationProgress;
import dev.convnet.engine.fit.TrainingObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;

/**
 * The benchmark's door to a training job's own data path and observer, which are package-private in
 * {@code dev.convnet.training}. It lives in bench/src (same package, separate classes directory) so that
 * src/main keeps its encapsulation and gains no benchmark-only API.
 */
public final class JobPath {

    private JobPath() {
    }

    /** What {@code TrainingRunLoader} feeds the trainer: the background batch pipeline, optionally augmenting. */
    public static EpochData epochData(ImageSet images, int batchSize, boolean shuffle, long seed,
                                      AugmentationSettings augmentation) {
        return new ImageSetEpochData(images, batchSize, shuffle, seed, augmentation);
    }

    /**
     * An observer doing what a job's observer ({@code JobProgressObservers}) does per progress interval and per
     * epoch: live state, Micrometer gauges (the real {@link TrainingMetrics} on the given registry), Server-Sent
     * Events (no subscriber, as in a job nobody watches). Left out: the job-table UPDATE the runner makes at most every
     * 2 s and the history JSON per epoch (JDBC, not available without the application context).
     */
    public static TrainingObserver observer(MeterRegistry registry, String modelName, int examplesPerEpoch) {
        UUID jobId = UUID.randomUUID();
        TrainingMetrics metrics = new TrainingMetrics(registry);
        TrainingEvents events = new TrainingEvents();
        LiveJobs.Live state = new LiveJobs(new dev.convnet.engine.runtime.CpuShare(), TrainingProperties.defaults())
                .register(jobId, examplesPerEpoch);
        metrics.started(jobId, modelName);
        return new TrainingObserver() {
            @Override
            public void onIteration(IterationProgress progress) {
                state.progress().set(progress);
                metrics.iteration(jobId, progress);
                events.publish(jobId, "iteration", ClientEpochs.numbered(progress));
            }

            @Override
            public void onEpoch(EpochResult result, CompiledNetwork network) {
                metrics.epoch(modelName, result);
                events.publish(jobId, "epoch", ClientEpochs.numbered(result));
            }

            @Override
            public boolean cancelRequested() {
                return state.cancel().get() || state.shutdown().get();
            }
        };
    }
}
