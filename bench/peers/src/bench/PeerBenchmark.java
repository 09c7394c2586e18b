package bench;

import dev.convnet.common.Tensor;
import dev.convnet.dataset.IdxReader;
import dev.convnet.dataset.ImageSet;
import dev.convnet.definition.Architecture;
import dev.convnet.engine.Batch;
import dev.convnet.engine.EngineProperties;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.fit.KerasOptimizers;
import dev.convnet.engine.onnx.OnnxModelWriter;
import dev.convnet.engine.onnx.OnnxRuntimeNetwork;
import dev.convnet.engine.runtime.EngineStatus;
import dev.convnet.engine.runtime.EngineThreads;
import dev.convnet.engine.runtime.LayerHelpers;
import dev.convnet.engine.runtime.NativeBinaries;
import dev.convnet.inference.ServingEngine;
import dev.convnet.inference.ServingPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The service against its peers in one run, every engine on the same thread count: Debian's PyTorch
 * (bench/pytorch_bench.py in a subprocess), PyTorch 2.7.1 through DJL, and ONNX Runtime on the service's own ONNX
 * export of the same trained weights. The service trains with DL4J and predicts through its own in-process path
 * ({@link dev.convnet.inference.ServingPath}: the batching workers above the engine its settings choose, ONNX Runtime
 * by default); the DL4J serving network alone is a column of its own. Each figure is measured {@code runs} times, the engines interleaved within a
 * run so that load from other processes falls on all of them; the table shows the median and a "best peer" column.
 *
 * <p>Options: --runs=3 --threads=2 --mnist=DIR --lenet-images=12800 --cifar-images=1280 --infer-batches=4
 * --latency-calls=200 --pytorch=true --serving-threads=0 (convnet.inference.threads-per-worker; 0: the service's
 * default)
 */
public final class PeerBenchmark {

    /** Training: DL4J, the service's only trainer; inference: the service's prediction path on its default engine. */
    static final String SERVICE = "service";
    /** Inference on the DL4J serving network alone: the service's fallback engine. */
    static final String SERVICE_DL4J = "service, DL4J engine";
    static final String DEBIAN_PYTORCH = "PyTorch 1.13 (Debian)";
    static final String DJL_PYTORCH = "PyTorch 2.7.1 (DJL)";
    static final String ONNX_RUNTIME = "ONNX Runtime 1.22";
    static final List<String> ENGINES = List.of(SERVICE, SERVICE_DL4J, DEBIAN_PYTORCH, DJL_PYTORCH, ONNX_RUNTIME);
    static final List<String> WORKLOADS = List.of("LeNet-5 train, SGD, batch 128, img/s",
            "CIFAR CNN train, RMSprop, batch 32, img/s", "CIFAR CNN infer batch 256, img/s", "CIFAR CNN infer batch 1, median ms");

    final Map<String, String> options = new LinkedHashMap<>(Map.of("runs", "3", "threads", "2",
            "mnist", "/work/shared/datasets/mnist", "lenet-images", "12800", "cifar-images", "1280", "infer-batches", "4",
            "latency-calls", "200", "pytorch", "true", "serving-threads", "0"));
    /** workload -> engine -> one value per run */
    final Map<String, Map<String, double[]>> results = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        new PeerBenchmark(args).run();
    }

    PeerBenchmark(String[] args) {
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (!options.containsKey(kv[0]) || kv.length != 2) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: " + options.keySet());
            }
            options.put(kv[0], kv[1]);
        }
    }

    int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    void record(String workload, String engine, int run, double value) {
        results.computeIfAbsent(workload, w -> new LinkedHashMap<>())
                .computeIfAbsent(engine, e -> new double[option("runs")])[run] = value;
        System.err.printf(Locale.ROOT, "  run %d  %-24s %-42s %10.2f  (load %s)%n", run + 1, engine, workload, value, loadAverage());
    }

    void run() throws Exception {
        int threads = option("threads");
        int runs = option("runs");
        String loadAtStart = loadAverage();
        // the service's choice of libnd4j build: convnet.engine.native-binary (e.g. onednn-avx2), else the fastest here
        NativeBinaries.selectFromSystemSettings();
        String djlVersion = DjlPeer.start(threads);
        EngineStatus status = LayerHelpers.enable();
        // the ceiling: ND4J's gemm (OpenBLAS) on every engine's thread count, then OpenBLAS as the service sets it
        EngineThreads.setBlasThreads(threads);
        double gemmGflops = ConvnetBenchmark.gemmGflops(4096);
        EngineThreads.setBlasThreads(EngineProperties.defaults().blasThreads());
        EngineThreads.capCurrentThread(threads);

        Path mnist = Path.of(options.get("mnist"));
        ImageSet mnistTrain = IdxReader.read(mnist.resolve("train-images-idx3-ubyte.gz"),
                mnist.resolve("train-labels-idx1-ubyte.gz"), ConvnetBenchmark.DIGITS);
        ImageSet lenetImages = mnistTrain.subset(IntStream.range(0, option("lenet-images")).toArray());
        ImageSet cifarImages = ConvnetBenchmark.randomCifar(option("cifar-images"), 7);
        var lenetData = ConvnetBenchmark.InMemoryEpochData.of(lenetImages, 128, 42);
        var cifarData = ConvnetBenchmark.InMemoryEpochData.of(cifarImages, 32, 42);

        ConvnetBenchmark dl4j = new ConvnetBenchmark(new String[0]);
        Architecture lenet = ConvnetBenchmark.preset("lenet5");
        Architecture cifar = ConvnetBenchmark.preset("cifar10-cnn");
        var sgd = ConvnetBenchmark.settings(128, KerasOptimizers.sgd(0.01), 42);
        var rmsprop = ConvnetBenchmark.settings(32, KerasOptimizers.rmsprop(1e-4, 1e-6), 42);
        dl4j.warmUp(lenet, lenetImages, 128, sgd.optimizer(), 10);
        dl4j.warmUp(cifar, cifarImages, 32, rmsprop.optimizer(), 10);

        NetworkCompiler compiler = new NetworkCompiler();
        CompiledNetwork trained = compiler.compile(cifar, 42);
        CompiledNetwork serving = compiler.forServing(trained);
        OnnxRuntimeNetwork onnx = OnnxRuntimeNetwork.open(OnnxModelWriter.write(cifar, trained.kerasWeights(), "bench"),
                cifar.definition().inputShape(), threads);
        var servingProperties = ServingPath.properties(ServingEngine.AUTO, option("serving-threads"));
        ServingPath servingPath = ServingPath.of(trained, servingProperties);
        DjlPeer djl = new DjlPeer();
        djl.trainLenet(lenetData.batches().subList(0, 5));
        djl.trainCifar(cifarData.batches().subList(0, 5));

        Random random = new Random(5);
        Tensor nhwc256 = ConvnetBenchmark.randomTensor(random, 256);
        Tensor nhwc1 = ConvnetBenchmark.randomTensor(random, 1);
        float[] nchw256 = nhwc256.data().clone(); // layout does not change the cost of random inputs
        float[] nchw1 = nhwc1.data().clone();
        System.err.printf(Locale.ROOT, "ONNX Runtime against DL4J on the same weights, largest difference at batch 256: %.2e%n",
                maxDifference(serving.predict(nhwc256).data(), onnx.predict(nhwc256).data()));

        int batches = option("infer-batches");
        // a new ONNX Runtime session's first runs grow its memory arena; the bare session had its runs above
        Timings.throughput(() -> servingPath.predict(nhwc256).data()[0], batches);
        int calls = option("latency-calls");
        String[] loads = new String[runs];
        for (int run = 0; run < runs; run++) {
            loads[run] = loadAverage();
            if (Boolean.parseBoolean(options.get("pytorch"))) {
                new DebianPyTorch(options, threads).run(this, run);
            }
            record(WORKLOADS.get(0), SERVICE, run, dl4j.trainOneEpoch(lenet, sgd, lenetData, null, ConvnetBenchmark.SILENT)
                    .epoch().examplesPerSecond());
            record(WORKLOADS.get(0), DJL_PYTORCH, run, djl.trainLenet(lenetData.batches()));
            record(WORKLOADS.get(1), SERVICE, run, dl4j.trainOneEpoch(cifar, rmsprop, cifarData, null, ConvnetBenchmark.SILENT)
                    .epoch().examplesPerSecond());
            record(WORKLOADS.get(1), DJL_PYTORCH, run, djl.trainCifar(cifarData.batches()));
            record(WORKLOADS.get(2), SERVICE, run, Timings.throughput(() -> servingPath.predict(nhwc256).data()[0], batches));
            record(WORKLOADS.get(2), SERVICE_DL4J, run, Timings.throughput(() -> serving.predict(nhwc256).data()[0], batches));
            record(WORKLOADS.get(2), DJL_PYTORCH, run, Timings.throughput(() -> djl.predictCifar(nchw256, 256)[0], batches));
            record(WORKLOADS.get(2), ONNX_RUNTIME, run, Timings.throughput(() -> onnx.predict(nhwc256).data()[0], batches));
            record(WORKLOADS.get(3), SERVICE, run, Timings.medianMillis(() -> servingPath.predict(nhwc1).data()[0], calls));
            record(WORKLOADS.get(3), SERVICE_DL4J, run, Timings.medianMillis(() -> serving.predict(nhwc1).data()[0], calls));
            record(WORKLOADS.get(3), DJL_PYTORCH, run, Timings.medianMillis(() -> djl.predictCifar(nchw1, 1)[0], calls));
            record(WORKLOADS.get(3), ONNX_RUNTIME, run, Timings.medianMillis(() -> onnx.predict(nhwc1).data()[0], calls));
        }
        onnx.close();
        servingPath.close();
        djl.close();

        System.out.println();
        PeerTable table = new PeerTable(results, ENGINES, WORKLOADS, SERVICE, java.util.Set.of(SERVICE, SERVICE_DL4J));
        System.out.println(table.markdown());
        System.out.println();
        System.out.println(table.ceilingMarkdown(List.of(ConvnetBenchmark.LENET_TRAIN_FLOP, ConvnetBenchmark.CIFAR_TRAIN_FLOP,
                ConvnetBenchmark.CIFAR_FORWARD_FLOP, ConvnetBenchmark.CIFAR_FORWARD_FLOP), gemmGflops, threads));
        System.out.println();
        System.out.println("CPU: " + cpuModel() + ", ISA " + isa() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores visible; threads: " + threads + " per engine (DL4J OpenMP cap " + EngineThreads.currentThreadCap()
                + ", OpenBLAS " + EngineThreads.blasThreads() + ", binary " + status.binary() + "; PyTorch intra-op "
                + threads + " in both; ONNX Runtime intra-op " + threads + "); " + djlVersion + " via DJL; the service's prediction path on "
                + servingPath.engine() + ", " + servingProperties.workersPerModel() + " workers sharing a session of "
                + servingProperties.onnxRuntimeIntraOpThreads() + " intra-op threads");
        System.out.println("load average at start " + loadAtStart + ", at each run's start " + String.join(" | ", loads)
                + ", at end " + loadAverage());
        System.out.println("sizes per run: LeNet-5 " + option("lenet-images") + " MNIST images, CIFAR CNN "
                + option("cifar-images") + " random images, " + batches + " batches of 256, " + calls + " calls at batch 1");
    }

    static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    static String cpuModel() {
        return cpuinfo("model name").orElse("unknown");
    }

    /** The widest vector ISA the engines can use here, from the kernel's flags. */
    static String isa() {
        String flags = " " + cpuinfo("flags").orElse("") + " ";
        return flags.contains(" avx512f ") ? "avx512f" : flags.contains(" avx2 ") ? "avx2" : "no avx2";
    }

    private static java.util.Optional<String> cpuinfo(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith(key))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }
}
