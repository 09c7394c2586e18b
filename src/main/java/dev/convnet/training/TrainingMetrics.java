package dev.convnet.training;

import dev.convnet.engine.fit.EpochResult;
import dev.convnet.engine.fit.IterationProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Training progress as Micrometer meters: gauges per running job (tagged with job id and model name) that
 * are removed when the job ends, so the registry does not grow; jobs by final state as a counter; epoch
 * durations as a timer.
 */
@Component
class TrainingMetrics {

    private final MeterRegistry registry;
    private final Map<UUID, RunningJob> running = new ConcurrentHashMap<>();

    private record RunningJob(AtomicReference<IterationProgress> latest, List<Meter> gauges, Tags tags) {
    }

    TrainingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void started(UUID jobId, String modelName) {
        Tags tags = Tags.of("job", jobId.toString(), "model", modelName);
        AtomicReference<IterationProgress> latest = new AtomicReference<>();
        List<Meter> gauges = List.of(
                gauge("convnet.training.epoch", "Current epoch (1-based) of a running training job", latest, tags,
                        p -> ClientEpochs.number(p.epoch())),
                gauge("convnet.training.iteration", "Iterations done by a running training job", latest, tags, IterationProgress::iteration),
                gauge("convnet.training.loss", "Running training loss of the current epoch", latest, tags, IterationProgress::loss),
                gauge("convnet.training.accuracy", "Running training accuracy of the current epoch", latest, tags, IterationProgress::accuracy),
                gauge("convnet.training.examples.per.second", "Training throughput of the current epoch", latest, tags,
                        IterationProgress::examplesPerSecond));
        running.put(jobId, new RunningJob(latest, gauges, tags));
    }

    void iteration(UUID jobId, IterationProgress progress) {
        RunningJob job = running.get(jobId);
        if (job != null) {
            job.latest().set(progress);
        }
    }

    void epoch(String modelName, EpochResult result) {
        Timer.builder("convnet.training.epoch.duration").description("Wall time of one training epoch")
                .tag("model", modelName).register(registry).record(Duration.ofNanos((long) (result.seconds() * 1e9)));
    }

    /** The run on this node ended, whatever the job's state now: its gauges go. */
    void stopped(UUID jobId) {
        RunningJob job = running.remove(jobId);
        if (job != null) {
            job.gauges().forEach(registry::remove);
        }
    }

    /**
     * Counts every final state, including jobs cancelled or failed before they started; after the commit that
     * recorded it, so a rolled-back publication is not counted.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onJobFinished(TrainingJobFinished finished) {
        Counter.builder("convnet.training.jobs").description("Training jobs by final state")
                .tag("outcome", finished.state().name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    private Gauge gauge(String name, String description, AtomicReference<IterationProgress> latest, Tags tags,
                        ToDoubleFunction<IterationProgress> value) {
        return Gauge.builder(name, latest, ref -> ref.get() == null ? 0 : value.applyAsDouble(ref.get()))
                .description(description).tags(tags).register(registry);
    }
}
