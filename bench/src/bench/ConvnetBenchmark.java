package bench;

import dev.convnet.common.Tensor;
import dev.convnet.dataset.IdxReader;
import dev.convnet.dataset.ImageSet;
import dev.convnet.dataset.augment.AugmentationSettings;
import dev.convnet.dataset.augment.ByteImageSource;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.Batch;
import dev.convnet.engine.EngineProperties;
import dev.convnet.engine.EpochData;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.fit.EpochResult;
import dev.convnet.engine.fit.IterationProgress;
import dev.convnet.engine.fit.NetworkTrainer;
import dev.convnet.engine.fit.KerasOptimizers;
import dev.convnet.engine.fit.OptimizerSettings;
import dev.convnet.engine.fit.ScheduleSettings;
import dev.convnet.engine.fit.TrainingObserver;
import dev.convnet.engine.fit.TrainingOutcome;
import dev.convnet.engine.fit.TrainingSettings;
import dev.convnet.engine.runtime.EngineStatus;
import dev.convnet.engine.runtime.EngineThreads;
import dev.convnet.engine.runtime.LayerHelpers;
import dev.convnet.training.JobPath;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of the service's engine against PyTorch (bench/pytorch_bench.py; skipped with a note when
 * /usr/bin/python3 has no torch). Everything on the DL4J side goes through the service's own code: networks from
 * the presets (DefinitionParser -> NetworkCompiler, oneDNN helpers required), training through NetworkTrainer
 * with the lesson's optimizers, inference through CompiledNetwork.predict on NHWC tensors.
 *
 * <p>Prints two markdown tables: engine throughput (img/s, ratio to PyTorch, fraction of the ND4J gemm ceiling)
 * and training jobs (bare engine over in-memory batches vs the job's data path and observer, overhead %).
 *
 * <p>Options: --mnist=DIR --sections=gemm,lenet,cifar,infer --pytorch=true|false --cifar-images=N
 * --cifar-repeats=N --latency-runs=N --blas-threads=N (OpenBLAS; 0: the service's default)
 */
public final class ConvnetBenchmark {

    static final double LENET_TRAIN_FLOP = 3 * 8_467_920.0;  // forward FLOPs x3 (forward + 2 backward gemms)
    static final double CIFAR_FORWARD_FLOP = 41_482_240.0;
    static final double CIFAR_TRAIN_FLOP = 3 * CIFAR_FORWARD_FLOP;
    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    static final int PROGRESS_EVERY = 10; // the service's default convnet.training.progress-every
    static final String BARE_ENGINE = "service engine, bare (NetworkTrainer, in-memory batches)";
    // what a training job runs: batches prepared on another thread while the network trains
    static final String JOB_PATH = "service engine, training job's data path";

    final Map<String, String> options = new LinkedHashMap<>();
    final List<String[]> engineRows = new ArrayList<>();
    final List<String[]> jobRows = new ArrayList<>();
    final List<String> jobCosts = new ArrayList<>();
    final Map<String, Double> torch = new LinkedHashMap<>();
    final NetworkCompiler compiler = new NetworkCompiler();
    final NetworkTrainer trainer = new NetworkTrainer(compiler);
    double nd4jGemm = Double.NaN;

    public static void main(String[] args) throws Exception {
        new ConvnetBenchmark(args).run();
    }

    ConvnetBenchmark(String[] args) {
        options.put("mnist", "/work/shared/datasets/mnist");
        options.put("sections", "gemm,lenet,cifar,infer");
        options.put("pytorch", "true");
        options.put("cifar-images", "3000");
        options.put("cifar-repeats", "2");
        options.put("latency-runs", "300");
        options.put("blas-threads", "0");
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (!options.containsKey(kv[0]) || kv.length != 2) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: " + options.keySet());
            }
            options.put(kv[0], kv[1]);
        }
    }

    boolean section(String name) {
        return Arrays.asList(options.get("sections").split(",")).contains(name);
    }

    int intOption(String name) {
        return Integer.parseInt(options.get(name));
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    void run() throws Exception {
        String loadAtStart = load();
        if (Boolean.parseBoolean(options.get("pytorch"))) {
            runPyTorch();
        }
        EngineStatus status = LayerHelpers.enable();
        // the service sets convnet.engine.blas-threads (default 1) at start-up; 0 here keeps that, not ND4J's own default
        EngineThreads.setBlasThreads(intOption("blas-threads") > 0 ? intOption("blas-threads") : EngineProperties.defaults().blasThreads());
        System.out.println("OpenBLAS threads: " + EngineThreads.blasThreads());
        System.err.println("engine: " + status);
        if (section("gemm")) {
            nd4jGemm = gemmGflops(4096);
            engineRows.add(new String[] {"gemm 4096x4096 float32", "ND4J Nd4j.gemm", fmt(nd4jGemm) + " GFLOP/s", "", "100%"});
            if (torch.containsKey("gemm")) {
                engineRows.add(new String[] {"gemm 4096x4096 float32", "PyTorch torch.mm", fmt(torch.get("gemm")) + " GFLOP/s",
                        "", pct(torch.get("gemm") * 1e9, nd4jGemm)});
            }
        }
        if (section("lenet")) {
            lenet();
        }
        if (section("cifar")) {
            cifarTraining();
        }
        if (section("infer")) {
            cifarInference();
        }
        System.out.println();
        System.out.println("load average (1 min) at start " + loadAtStart + ", at end " + load() + "; engine: "
                + status.binary() + ", BLAS " + status.blasVendor() + ", OMP threads " + status.ompThreads()
                + ", helpers " + (status.helpersActive() ? "active" : "inactive") + "; options " + options);
        System.out.println();
        System.out.println("| workload | engine | result | vs PyTorch | of gemm ceiling |");
        System.out.println("|---|---|---|---|---|");
        engineRows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
        if (!jobRows.isEmpty()) {
            System.out.println();
            System.out.println("| network | path | examples/s | wall time per epoch | overhead vs bare | load |");
            System.out.println("|---|---|---|---|---|---|");
            jobRows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
            System.out.println();
            jobCosts.forEach(c -> System.out.println("- job path, measured inside the run: " + c));
        }
    }

    // ---------------------------------------------------------------- service engine pieces

    static Architecture preset(String id) throws IOException {
        try (InputStream in = ConvnetBenchmark.class.getResourceAsStream("/presets/" + id + ".json")) {
            return new DefinitionParser().parse(JsonMapper.builder().build().readTree(in)).architecture();
        }
    }

    /** Bare engine input: every batch made once up front (NCHW floats), the same order each epoch. */
    record InMemoryEpochData(List<Batch> batches, int examples) implements EpochData {

        static InMemoryEpochData of(ImageSet images, int batchSize, long shuffleSeed) {
            int[] order = IntStream.range(0, images.count()).toArray();
            if (shuffleSeed != 0) {
                SplittableRandom random = new SplittableRandom(shuffleSeed);
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int swap = order[i];
                    order[i] = order[j];
                    order[j] = swap;
                }
            }
            // the job path's conversion (NCHW floats / 255, one-hot labels), without augmentation
            ByteImageSource source = new ByteImageSource(images.pixels(), images.labels(), images.height(), images.width(),
                    images.channels(), images.numClasses(), AugmentationSettings.NONE);
            List<Batch> batches = new ArrayList<>();
            for (int start = 0; start < order.length; start += batchSize) {
                int[] indices = Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize));
                float[] features = new float[indices.length * images.imageSize()];
                float[] labels = new float[indices.length * images.numClasses()];
                source.fill(indices, indices.length, features, labels, new SplittableRandom(0));
                batches.add(new Batch(features, labels, indices.length));
            }
            return new InMemoryEpochData(batches, images.count());
        }

        @Override
        public BatchStream epoch(int epoch) {
            Iterator<Batch> it = batches.iterator();
            return new BatchStream() {
                public boolean hasNext() {
                    return it.hasNext();
                }

                public Batch next() {
                    return it.next();
                }

                public void close() {
                }
            };
        }
    }

    /**
     * Where the job path's time goes, measured inside the run itself (so not blurred by other processes' load
     * the way comparing two runs is): time the trainer waited in hasNext/next for a batch, time in the observer's
     * callbacks, and CPU time of the background batch-pipeline threads, which compete with training for the cores.
     */
    static final class JobPathCosts {
        long waitNanos;
        long observerNanos;
        final Map<Long, Long> producerCpu = new LinkedHashMap<>();
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();

        void sampleProducers() {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().startsWith("batch-pipeline-")) {
                    long cpu = threads.getThreadCpuTime(thread.getId());
                    if (cpu > 0) {
                        producerCpu.merge(thread.getId(), cpu, Math::max);
                    }
                }
            }
        }

        String describe(double epochSeconds) {
            double producer = producerCpu.values().stream().mapToLong(Long::longValue).sum() / 1e9;
            return String.format(Locale.ROOT, "waited for batches %.2f s (%.1f%%), observer %.3f s, batch-pipeline thread CPU %.1f s "
                    + "(%.1f%% of the 2 cores' epoch time)", waitNanos / 1e9, 100 * waitNanos / 1e9 / epochSeconds,
                    observerNanos / 1e9, producer, 100 * producer / (2 * epochSeconds));
        }

        EpochData wrap(EpochData data) {
            return new EpochData() {
                public int examples() {
                    return data.examples();
                }

                public BatchStream epoch(int epoch) {
                    BatchStream stream = data.epoch(epoch);
                    return new BatchStream() {
                        int calls;

                        public boolean hasNext() {
                            long start = System.nanoTime();
                            boolean next = stream.hasNext();
                            waitNanos += System.nanoTime() - start;
                            return next;
                        }

                        public Batch next() {
                            if (calls++ % 10 == 0) {
                                sampleProducers();
                            }
                            long start = System.nanoTime();
                            Batch batch = stream.next();
                            waitNanos += System.nanoTime() - start;
                            return batch;
                        }

                        public void close() {
                            sampleProducers();
                            stream.close();
                        }
                    };
                }
            };
        }

        TrainingObserver wrap(TrainingObserver observer) {
            return new TrainingObserver() {
                public void onIteration(IterationProgress progress) {
                    long start = System.nanoTime();
                    observer.onIteration(progress);
                    observerNanos += System.nanoTime() - start;
                }

                public void onEpoch(EpochResult result, CompiledNetwork network) {
                    long start = System.nanoTime();
                    observer.onEpoch(result, network);
                    observerNanos += System.nanoTime() - start;
                }

                public boolean cancelRequested() {
                    long start = System.nanoTime();
                    boolean cancel = observer.cancelRequested();
                    observerNanos += System.nanoTime() - start;
                    return cancel;
                }
            };
        }
    }

    static final TrainingObserver SILENT = new TrainingObserver() {
        public void onIteration(IterationProgress progress) {
        }

        public void onEpoch(EpochResult result, CompiledNetwork network) {
        }

        public boolean cancelRequested() {
            return false;
        }
    };

    record Run(EpochResult epoch, String load, String costs) {
    }

    Run trainOneEpoch(Architecture architecture, TrainingSettings settings, EpochData train, EpochData validation,
                      TrainingObserver observer) {
        CompiledNetwork start = compiler.compile(architecture, settings.seed());
        TrainingOutcome outcome = trainer.train(start, settings, train, validation, observer);
        EpochResult epoch = outcome.history().get(0);
        System.err.printf(Locale.ROOT, "  %s: %.1f img/s, %.1f s, loss %.4f, val acc %s%n", architecture.definition().name(),
                epoch.examplesPerSecond(), epoch.seconds(), epoch.loss(), epoch.validationAccuracy());
        return new Run(epoch, load(), "");
    }

    /** The job's path, with its costs measured from inside (see {@link JobPathCosts}). */
    Run trainJobPath(Architecture architecture, TrainingSettings settings, EpochData train, EpochData validation,
                     TrainingObserver observer) {
        JobPathCosts costs = new JobPathCosts();
        Run run = trainOneEpoch(architecture, settings, costs.wrap(train), validation, costs.wrap(observer));
        String described = costs.describe(run.epoch().seconds());
        System.err.println("  job path costs: " + described);
        return new Run(run.epoch(), run.load(), described);
    }

    static TrainingSettings settings(int batchSize, OptimizerSettings optimizer, long seed) {
        return new TrainingSettings(1, batchSize, optimizer, ScheduleSettings.CONSTANT, seed, 0, 0, 0, PROGRESS_EVERY);
    }

    /** A few batches first, so JIT compilation and oneDNN primitive creation do not land in the first measured run. */
    void warmUp(Architecture architecture, ImageSet images, int batchSize, OptimizerSettings optimizer, int batches) {
        ImageSet few = images.subset(IntStream.range(0, batches * batchSize).toArray());
        trainOneEpoch(architecture, settings(batchSize, optimizer, 1), InMemoryEpochData.of(few, batchSize, 0), null, SILENT);
    }

    // ---------------------------------------------------------------- LeNet-5 / MNIST

    void lenet() throws IOException {
        Path dir = Path.of(options.get("mnist"));
        ImageSet train = IdxReader.read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"), DIGITS);
        ImageSet test = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"), DIGITS);
        Architecture lenet = preset("lenet5");
        OptimizerSettings sgd = KerasOptimizers.sgd(0.01);
        TrainingSettings settings = settings(128, sgd, 42);
        warmUp(lenet, train, 128, sgd, 20);

        System.err.println("LeNet-5, bare engine (in-memory batches):");
        Run bare = trainOneEpoch(lenet, settings, InMemoryEpochData.of(train, 128, 42), InMemoryEpochData.of(test, 1000, 0), SILENT);
        System.err.println("LeNet-5, job path (ImageSetEpochData + job observer):");
        Run job = trainJobPath(lenet, settings, JobPath.epochData(train, 128, true, 42, null),
                JobPath.epochData(test, 128, false, 0, null), JobPath.observer(new SimpleMeterRegistry(), "lenet5", train.count()));

        String lenetWorkload = "LeNet-5 MNIST train 1 epoch, SGD 0.01, batch 128";
        for (Run run : List.of(bare, job)) {
            double rate = run.epoch().examplesPerSecond();
            engineRows.add(new String[] {lenetWorkload, run == bare ? BARE_ENGINE : JOB_PATH,
                    String.format(Locale.ROOT, "%s img/s (epoch %.1f s, test acc %.4f)", fmt(rate), run.epoch().seconds(),
                            run.epoch().validationAccuracy()), ratio(rate, torch.get("lenet_epoch")), pct(rate * LENET_TRAIN_FLOP, nd4jGemm)});
        }
        if (torch.containsKey("lenet_epoch")) {
            engineRows.add(new String[] {"LeNet-5 MNIST train 1 epoch, SGD 0.01, batch 128", "PyTorch 2 threads",
                    String.format(Locale.ROOT, "%s img/s (epoch %.1f s, test acc %.4f)", fmt(torch.get("lenet_epoch")),
                            torch.get("lenet_epoch_s"), torch.get("lenet_accuracy")), "1.00x",
                    pct(torch.get("lenet_epoch") * LENET_TRAIN_FLOP, nd4jGemm)});
        }
        addJobRows("LeNet-5, MNIST 60,000 images, batch 128", bare, job, "job data path + observer",
                torch.get("lenet_epoch"), torch.get("lenet_epoch_s"));
        jobRows.get(jobRows.size() - 3)[2] += String.format(Locale.ROOT, " (test acc %.4f)", bare.epoch().validationAccuracy());
        jobRows.get(jobRows.size() - 2)[2] += String.format(Locale.ROOT, " (test acc %.4f)", job.epoch().validationAccuracy());
    }

    void addJobRows(String network, Run bare, Run job, String jobLabel, Double torchRate, Double torchSeconds) {
        double a = bare.epoch().examplesPerSecond();
        double b = job.epoch().examplesPerSecond();
        jobRows.add(new String[] {network, "bare engine (NetworkTrainer, in-memory batches)", fmt(a),
                String.format(Locale.ROOT, "%.1f s", bare.epoch().seconds()), "", bare.load()});
        jobRows.add(new String[] {network, jobLabel, fmt(b), String.format(Locale.ROOT, "%.1f s", job.epoch().seconds()),
                String.format(Locale.ROOT, "%.1f%%", 100 * (a - b) / a), job.load()});
        jobCosts.add(network + ": " + job.costs());
        jobRows.add(new String[] {network, "PyTorch 2 threads (tensors in memory)", torchRate == null ? "n/a" : fmt(torchRate),
                torchSeconds == null ? "n/a" : String.format(Locale.ROOT, "%.1f s", torchSeconds), "", ""});
    }

    // ---------------------------------------------------------------- CIFAR-10 CNN

    static ImageSet randomCifar(int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * 32 * 32 * 3];
        random.nextBytes(pixels);
        int[] labels = random.ints(count, 0, 10).toArray();
        return new ImageSet(count, 32, 32, 3, pixels, labels, DIGITS);
    }

    void cifarTraining() throws IOException {
        int count = intOption("cifar-images");
        ImageSet images = randomCifar(count, 7);
        Architecture cnn = preset("cifar10-cnn");
        OptimizerSettings rmsprop = KerasOptimizers.rmsprop(1e-4, 1e-6);
        TrainingSettings settings = settings(32, rmsprop, 42);
        warmUp(cnn, images, 32, rmsprop, 20);
        InMemoryEpochData inMemory = InMemoryEpochData.of(images, 32, 42);
        Run bestBare = null;
        Run bestJob = null;
        // Alternating bare and job runs, best of each: contention from other processes hits both alike.
        for (int r = 0; r < intOption("cifar-repeats"); r++) {
            System.err.println("CIFAR CNN, bare engine, run " + (r + 1) + ":");
            Run bare = trainOneEpoch(cnn, settings, inMemory, null, SILENT);
            System.err.println("CIFAR CNN, job path with the lesson's augmentation, run " + (r + 1) + ":");
            Run job = trainJobPath(cnn, settings, JobPath.epochData(images, 32, true, 42, AugmentationSettings.LESSON_CIFAR10),
                    null, JobPath.observer(new SimpleMeterRegistry(), "cifar10_cnn", count));
            bestBare = bestBare == null || bare.epoch().examplesPerSecond() > bestBare.epoch().examplesPerSecond() ? bare : bestBare;
            bestJob = bestJob == null || job.epoch().examplesPerSecond() > bestJob.epoch().examplesPerSecond() ? job : bestJob;
        }
        String workload = "CIFAR CNN train, RMSprop 1e-4, batch 32, " + fmt(count) + " random images";
        for (Run run : List.of(bestBare, bestJob)) {
            double rate = run.epoch().examplesPerSecond();
            engineRows.add(new String[] {workload, run == bestBare ? BARE_ENGINE : JOB_PATH + " with the lesson's augmentation",
                    fmt(rate) + " img/s", ratio(rate, torch.get("cifar_epoch")), pct(rate * CIFAR_TRAIN_FLOP, nd4jGemm)});
        }
        if (torch.containsKey("cifar_epoch")) {
            engineRows.add(new String[] {workload, "PyTorch 2 threads", fmt(torch.get("cifar_epoch")) + " img/s", "1.00x",
                    pct(torch.get("cifar_epoch") * CIFAR_TRAIN_FLOP, nd4jGemm)});
        }
        addJobRows("CIFAR-10 CNN, " + fmt(count) + " random 32x32x3 images, batch 32", bestBare, bestJob,
                "job data path + lesson augmentation + observer", torch.get("cifar_epoch"), torch.get("cifar_epoch_s"));
    }

    void cifarInference() throws IOException {
        CompiledNetwork network = compiler.forServing(compiler.compile(preset("cifar10-cnn"), 42)); // what the service serves
        Random random = new Random(3);
        Tensor x256 = randomTensor(random, 256);
        network.predict(x256);
        double best = 0;
        for (int w = 0; w < 3; w++) {
            long start = System.nanoTime();
            for (int k = 0; k < 5; k++) {
                network.predict(x256);
            }
            best = Math.max(best, 5 * 256 / ((System.nanoTime() - start) / 1e9));
        }
        engineRows.add(new String[] {"CIFAR CNN infer, batch 256", "service engine (CompiledNetwork.predict)", fmt(best) + " img/s",
                ratio(best, torch.get("cifar_infer256")), pct(best * CIFAR_FORWARD_FLOP, nd4jGemm)});
        if (torch.containsKey("cifar_infer256")) {
            engineRows.add(new String[] {"CIFAR CNN infer, batch 256", "PyTorch 2 threads", fmt(torch.get("cifar_infer256")) + " img/s",
                    "1.00x", pct(torch.get("cifar_infer256") * CIFAR_FORWARD_FLOP, nd4jGemm)});
        }
        double[] ms = latencies(network, random, intOption("latency-runs"));
        Double torchMs = torch.get("cifar_infer1");
        engineRows.add(new String[] {"CIFAR CNN infer, batch 1 (median)", "service engine (CompiledNetwork.predict)",
                String.format(Locale.ROOT, "%.2f ms (p10 %.2f, p90 %.2f)", ms[ms.length / 2], ms[ms.length / 10], ms[ms.length * 9 / 10]),
                torchMs == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", torchMs / ms[ms.length / 2]), ""});
        if (torchMs != null) {
            engineRows.add(new String[] {"CIFAR CNN infer, batch 1 (median)", "PyTorch 2 threads",
                    String.format(Locale.ROOT, "%.2f ms", torchMs), "1.00x", ""});
        }
    }

    static Tensor randomTensor(Random random, int batch) {
        float[] data = new float[batch * 32 * 32 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return new Tensor(new int[] {batch, 32, 32, 3}, data);
    }

    /** Sorted per-call latencies of predict at batch 1, after 20 warm-up calls. */
    static double[] latencies(CompiledNetwork network, Random random, int runs) {
        Tensor x1 = randomTensor(random, 1);
        for (int k = 0; k < 20; k++) {
            network.predict(x1);
        }
        double[] ms = new double[runs];
        for (int k = 0; k < runs; k++) {
            long start = System.nanoTime();
            network.predict(x1);
            ms[k] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    // ---------------------------------------------------------------- PyTorch

    void runPyTorch() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Process check = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
        if (check.waitFor() != 0) {
            System.err.println("PyTorch skipped: /usr/bin/python3 cannot import torch (apt-get install python3-torch)");
            return;
        }
        List<String> command = List.of(python.toString(), "bench/pytorch_bench.py", options.get("mnist"),
                "--cifar-train-iters", "0", "--cifar-epoch-images", options.get("cifar-images"),
                "--latency-runs", options.get("latency-runs"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Pattern field = Pattern.compile("\"(\\w+)\": (\"[^\"]*\"|[-0-9.eE]+)");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.err.println("pytorch: " + line);
                Map<String, String> record = new LinkedHashMap<>();
                Matcher m = field.matcher(line);
                while (m.find()) {
                    record.put(m.group(1), m.group(2).replace("\"", ""));
                }
                switch (record.getOrDefault("name", "")) {
                    case "gemm" -> torch.put("gemm", Double.parseDouble(record.get("gflops")));
                    case "cifar_infer1" -> torch.put("cifar_infer1", Double.parseDouble(record.get("median_ms")));
                    case "cifar_infer256" -> torch.put("cifar_infer256", Double.parseDouble(record.get("images_per_s")));
                    case "cifar_epoch" -> {
                        torch.put("cifar_epoch", Double.parseDouble(record.get("images_per_s")));
                        torch.put("cifar_epoch_s", Double.parseDouble(record.get("seconds")));
                    }
                    case "lenet_train" -> {
                        torch.put("lenet_epoch", Double.parseDouble(record.get("epoch_images_per_s")));
                        torch.put("lenet_accuracy", Double.parseDouble(record.get("accuracy")));
                        torch.put("lenet_epoch_s", Double.parseDouble(record.get("seconds")));
                    }
                    default -> { }
                }
            }
        }
        if (process.waitFor() != 0) {
            System.err.println("PyTorch benchmark exited with " + process.exitValue());
        }
    }

    // ---------------------------------------------------------------- gemm

    static double gemmGflops(int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.zeros(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return 2.0 * n * n * (double) n / best / 1e9;
    }

    // ---------------------------------------------------------------- formatting

    static String fmt(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(double value, Double reference) {
        return reference == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", value / reference);
    }

    static String pct(double flops, double gemmGflops) {
        return Double.isNaN(gemmGflops) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * flops / (gemmGflops * 1e9));
    }
}
