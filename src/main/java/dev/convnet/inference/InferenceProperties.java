package dev.convnet.inference;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How predictions are scheduled.
 *
 * @param maxBatchSize    most images run through a network in one call; 1 turns batching off
 * @param maxBatchDelay   longest a worker waits for more requests to fill a batch, and only while every
 *                        other worker of the model is busy (an idle worker would serve them sooner)
 * @param workersPerModel worker threads per loaded model, each with its own copy of the network
 * @param threadsPerWorker OpenMP threads of one worker's batch; 0 shares the cores out between the workers
 *                        (cores / workers-per-model, at least 1), so that busy workers do not oversubscribe
 * @param queueCapacity   requests waiting per model beyond which new ones get 503
 * @param maxLoadedModels models kept loaded; beyond it the least used one is unloaded
 * @param maxFiles        images accepted in one request
 * @param requestTimeout  longest a request waits for its result before it gets 503
 * @param retryAfter      what the Retry-After header of a 503 suggests
 * @param engine          what computes predictions: {@code auto} (ONNX Runtime for every model the ONNX export can
 *                        write, else DL4J), {@code onnxruntime} (the same, warning when a model falls back to DL4J),
 *                        {@code dl4j}
 */
@ConfigurationProperties("convnet.inference")
public record InferenceProperties(
        @DefaultValue("16") int maxBatchSize,
        @DefaultValue("5ms") Duration maxBatchDelay,
        @DefaultValue("2") int workersPerModel,
        @DefaultValue("256") int queueCapacity,
        @DefaultValue("16") int maxLoadedModels,
        @DefaultValue("64") int maxFiles,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("0") int threadsPerWorker,
        @DefaultValue("auto") ServingEngine engine) {

    public InferenceProperties {
        positive("max-batch-size", maxBatchSize);
        positive("workers-per-model", workersPerModel);
        positive("queue-capacity", queueCapacity);
        positive("max-loaded-models", maxLoadedModels);
        positive("max-files", maxFiles);
        if (threadsPerWorker < 0) {
            throw new IllegalArgumentException("convnet.inference.threads-per-worker must be 0 (auto) or more, was "
                    + threadsPerWorker);
        }
        if (engine == null) {
            throw new IllegalArgumentException("convnet.inference.engine must be auto, onnxruntime or dl4j");
        }
        if (maxBatchDelay == null || maxBatchDelay.isNegative()) {
            throw new IllegalArgumentException("convnet.inference.max-batch-delay must be >= 0, was " + maxBatchDelay);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("convnet.inference.request-timeout must be > 0, was " + requestTimeout);
        }
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("convnet.inference.retry-after must be >= 0, was " + retryAfter);
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("convnet.inference." + name + " must be at least 1, was " + value);
        }
    }

    public static InferenceProperties defaults() {
        return new InferenceProperties(16, Duration.ofMillis(5), 2, 256, 16, 64, Duration.ofSeconds(30),
                Duration.ofSeconds(1), 0, ServingEngine.AUTO);
    }

    /** OpenMP threads each worker's batches run on. */
    public int effectiveThreadsPerWorker() {
        return threadsPerWorker > 0 ? threadsPerWorker
                : Math.max(1, Runtime.getRuntime().availableProcessors() / workersPerModel);
    }

    /**
     * Intra-op threads of a model's ONNX Runtime session, which all its workers share: by default every core, since a
     * lone request then gets them all and concurrent runs share the session's pool instead of each bringing one
     * (docs/BENCHMARKS.md, the ONNX Runtime session's threads); {@code threads-per-worker} when set.
     */
    public int onnxRuntimeIntraOpThreads() {
        return threadsPerWorker > 0 ? threadsPerWorker : Runtime.getRuntime().availableProcessors();
    }
}
