package dev.convnet.inference;

import dev.convnet.engine.runtime.CpuShare;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Prediction meters, tagged with model name, version and the engine that computes them: latency from queueing to result (with a
 * percentile histogram for Prometheus), requests by outcome, rows per batch, and the queue depth of each
 * loaded model and the memory charged for it (removed when the model is unloaded, so the registry does not grow), and
 * the loaded models' memory against its budget.
 */
@Component
class InferenceMetrics {

    static final String LATENCY = "convnet.inference.latency";
    static final String REQUESTS = "convnet.inference.requests";
    static final String BATCH_SIZE = "convnet.inference.batch.size";
    static final String QUEUE_DEPTH = "convnet.inference.queue.depth";
    static final String TRAINING_WINDOWS = "convnet.inference.training.windows";
    static final String MEMORY_USED = "convnet.inference.memory.used";
    static final String MEMORY_BUDGET = "convnet.inference.memory.budget";
    static final String MODEL_MEMORY = "convnet.inference.model.memory";
    /** The engine tag of requests refused before any engine saw them. */
    static final String NO_ENGINE = "none";

    private final MeterRegistry registry;

    InferenceMetrics(MeterRegistry registry, CpuShare cpuShare) {
        this.registry = registry;
        FunctionCounter.builder(TRAINING_WINDOWS, cpuShare, share -> share.trainingWindowNanos() / 1e9).baseUnit("seconds")
                .description("Time predictions waited so that a running training kept its CPU share")
                .register(registry);
    }

    /** Counts a request refused before it was queued, e.g. an image that does not decode: no engine saw it. */
    void refused(ServableModel model, String outcome) {
        counter(tags(model, NO_ENGINE), outcome).increment();
    }

    /** The loaded models' memory: what is charged (retiring models included until closed) and the budget. */
    void memory(ServingMemory memory) {
        Gauge.builder(MEMORY_USED, memory, ServingMemory::usedBytes).baseUnit("bytes")
                .description("Native memory charged to the models loaded for prediction, as estimated when each loaded")
                .register(registry);
        Gauge.builder(MEMORY_BUDGET, memory, ServingMemory::budgetBytes).baseUnit("bytes")
                .description("Native memory the loaded models may hold together (convnet.limits.loaded-models-memory)")
                .register(registry);
    }

    ModelMeters forModel(ServableModel model, String engine, Supplier<Number> queueDepth, long chargedBytes) {
        Tags tags = tags(model, engine);
        Gauge gauge = Gauge.builder(QUEUE_DEPTH, queueDepth, depth -> depth.get().doubleValue())
                .description("Requests waiting for a worker").tags(tags).register(registry);
        Gauge memory = Gauge.builder(MODEL_MEMORY, () -> chargedBytes).baseUnit("bytes")
                .description("Native memory charged to the loaded model's networks").tags(tags).register(registry);
        return new ModelMeters(tags, gauge, memory);
    }

    private Counter counter(Tags tags, String outcome) {
        return Counter.builder(REQUESTS).description("Prediction requests by outcome").tags(tags)
                .tag("outcome", outcome).register(registry);
    }

    private static Tags tags(ServableModel model, String engine) {
        return Tags.of("model", model.name(), "version", Integer.toString(model.version()), "engine", engine);
    }

    final class ModelMeters {
        private final Tags tags;
        private final Gauge queueDepth;
        private final Gauge memory;
        private final Timer latency;
        private final DistributionSummary batchSizes;
        private final Counter ok;

        private ModelMeters(Tags tags, Gauge queueDepth, Gauge memory) {
            this.tags = tags;
            this.queueDepth = queueDepth;
            this.memory = memory;
            this.latency = Timer.builder(LATENCY).description("Time from queueing a prediction to its result")
                    .tags(tags).publishPercentileHistogram().register(registry);
            this.batchSizes = DistributionSummary.builder(BATCH_SIZE).description("Images per network call")
                    .tags(tags).publishPercentileHistogram().register(registry);
            this.ok = counter(tags, "ok");
        }

        void batch(int rows) {
            batchSizes.record(rows);
        }

        void rejected() {
            counter(tags, "overloaded").increment();
        }

        void finished(long enqueuedNanos, Throwable error) {
            if (error == null) {
                latency.record(System.nanoTime() - enqueuedNanos, TimeUnit.NANOSECONDS);
                ok.increment();
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String outcome = cause instanceof dev.convnet.common.NotFoundException ? "not_found"
                    : cause instanceof InferenceOverloadedException ? "timeout"
                    : cause instanceof CancellationException ? "cancelled" : "error";
            counter(tags, outcome).increment();
        }

        void close() {
            registry.remove(queueDepth);
            registry.remove(memory);
        }
    }
}
