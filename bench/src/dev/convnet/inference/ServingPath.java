package dev.convnet.inference;

import dev.convnet.common.Tensor;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.runtime.CpuShare;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The service's in-process prediction path for the benchmarks: the networks {@link ServingNetworks} builds on the
 * configured engine (ONNX Runtime on the model's export by default, DL4J as the fallback), under the batching
 * workers of {@link ModelWorkers}. What a request pays between the controller and the engine, without HTTP.
 * Compiled only into the benchmark's classes, so src/main gains no benchmark-only API.
 */
public final class ServingPath implements AutoCloseable {

    private final ModelWorkers workers;
    private final String engine;

    private ServingPath(ModelWorkers workers, String engine) {
        this.workers = workers;
        this.engine = engine;
    }

    /** {@code trained}'s networks as a loaded model of the service with {@code properties} serves them. */
    public static ServingPath of(CompiledNetwork trained, InferenceProperties properties) {
        var architecture = trained.architecture();
        int[] output = architecture.outputShape().dims();
        int classes = output[output.length - 1];
        ServableModel model = new ServableModel(UUID.randomUUID(), "bench", 1, architecture.definition().inputShape(),
                Arrays.stream(output).boxed().toList(), true, null,
                IntStream.range(0, classes).mapToObj(Integer::toString).toList(), null, 4096, null);
        ServingNetworks.Loaded loaded = load(trained, properties);
        CpuShare cpuShare = new CpuShare();
        ModelWorkers workers = new ModelWorkers(model, loaded.networks(), loaded.charge(), properties,
                new InferenceMetrics(new SimpleMeterRegistry(), cpuShare), cpuShare);
        return new ServingPath(workers, loaded.networks().get(0).engine());
    }

    /** The networks a loaded model's workers would compute with: one per worker, an ONNX Runtime session shared. */
    public static List<dev.convnet.engine.ServingNetwork> networks(CompiledNetwork trained, InferenceProperties properties) {
        return load(trained, properties).networks();
    }

    /** The service's own engine choice, with a budget that never refuses: a benchmark loads one model. */
    private static ServingNetworks.Loaded load(CompiledNetwork trained, InferenceProperties properties) {
        return new ServingNetworks(null, new NetworkCompiler(), properties)
                .build(trained, "bench", new ServingMemory(Long.MAX_VALUE)::tryCharge);
    }

    /** The service's defaults with another engine and {@code convnet.inference.threads-per-worker} (0: auto). */
    public static InferenceProperties properties(ServingEngine engine, int threadsPerWorker) {
        return properties(engine, InferenceProperties.defaults().workersPerModel(), threadsPerWorker);
    }

    /** As above, with {@code convnet.inference.workers-per-model} too. */
    public static InferenceProperties properties(ServingEngine engine, int workersPerModel, int threadsPerWorker) {
        InferenceProperties d = InferenceProperties.defaults();
        return new InferenceProperties(d.maxBatchSize(), d.maxBatchDelay(), workersPerModel, d.queueCapacity(),
                d.maxLoadedModels(), d.maxFiles(), d.requestTimeout(), d.retryAfter(), threadsPerWorker, engine);
    }

    public String engine() {
        return engine;
    }

    /** One request, as the controller submits it. */
    public Tensor predict(Tensor inputs) {
        return workers.submit(inputs, Duration.ofSeconds(1)).join();
    }

    /** Requests from {@code callers} threads at once; returns images per second over {@code seconds}. */
    public double throughput(Tensor inputs, int callers, double seconds) throws InterruptedException {
        long[] counts = new long[callers];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = IntStream.range(0, callers).mapToObj(i -> new Thread(() -> {
            while (System.nanoTime() < end) {
                predict(inputs);
                counts[i] += inputs.shape()[0];
            }
        })).toList();
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        return Arrays.stream(counts).sum() / ((System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() {
        workers.retire();
    }
}
