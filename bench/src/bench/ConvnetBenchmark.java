package bench;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import dev.convnet.engine.EngineStatus;
import dev.convnet.engine.LayerHelpers;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * One run: ND4J gemm ceiling, the lesson's LeNet-5 on MNIST (one epoch, test accuracy) and the Keras CIFAR-10
 * CNN (training, inference at batch 256 and batch 1), in DL4J with oneDNN helpers on and off, and in PyTorch
 * (bench/pytorch_bench.py, skipped with a note when /usr/bin/python3 has no torch). Prints a markdown table.
 *
 * <p>Other processes may share the cores, so throughput is the best of several timing windows, in both engines.
 *
 * <p>Options: --mnist=DIR --sections=gemm,lenet,cifar --plain=true|false --pytorch=true|false
 * --workspaces=ENABLED|NONE --cache=NONE|HOST|DEVICE --dtype=FLOAT|BFLOAT16|HALF --cifar-iters=N --windows=N
 */
public final class ConvnetBenchmark {

    static final double LENET_TRAIN_FLOP = 3 * 8_467_920.0;  // forward FLOPs x3 (forward + 2 backward gemms)
    static final double CIFAR_FORWARD_FLOP = 41_482_240.0;
    static final double CIFAR_TRAIN_FLOP = 3 * CIFAR_FORWARD_FLOP;
    static final int WINDOW_IMAGES = 6000;

    final Map<String, String> options = new LinkedHashMap<>();
    final List<String[]> rows = new ArrayList<>();
    final Map<String, Double> torch = new LinkedHashMap<>();
    double nd4jGemm = Double.NaN;

    public static void main(String[] args) throws Exception {
        new ConvnetBenchmark(args).run();
    }

    ConvnetBenchmark(String[] args) {
        options.put("mnist", "/work/shared/datasets/mnist");
        options.put("sections", "gemm,lenet,cifar");
        options.put("plain", "true");
        options.put("pytorch", "true");
        options.put("workspaces", "ENABLED");
        options.put("cache", "NONE");
        options.put("dtype", "FLOAT");
        options.put("cifar-iters", "40");
        options.put("windows", "3");
        options.put("lenet-full-epoch", "true");
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

    void run() throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        if (Boolean.parseBoolean(options.get("pytorch"))) {
            runPyTorch();
        }
        EngineStatus status = LayerHelpers.enable();
        System.err.println("engine: " + status);
        System.err.println("options: " + options + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
        if (section("gemm")) {
            nd4jGemm = gemmGflops(4096);
            rows.add(new String[] {"gemm 4096x4096 float32", "ND4J Nd4j.gemm", fmt(nd4jGemm) + " GFLOP/s", "", "100%"});
            if (torch.containsKey("gemm")) {
                rows.add(new String[] {"gemm 4096x4096 float32", "PyTorch torch.mm", fmt(torch.get("gemm")) + " GFLOP/s",
                        "", pct(torch.get("gemm") * 1e9, nd4jGemm)});
            }
        }
        boolean plain = Boolean.parseBoolean(options.get("plain"));
        if (section("lenet")) {
            lenet(true);
            if (plain) {
                lenet(false);
            }
            torchRow("LeNet-5 MNIST train, batch 128", "lenet_train", LENET_TRAIN_FLOP);
        }
        if (section("cifar")) {
            cifar(true);
            if (plain) {
                cifar(false);
            }
            torchRow("CIFAR CNN train, batch 32", "cifar_train", CIFAR_TRAIN_FLOP);
            torchRow("CIFAR CNN infer, batch 256", "cifar_infer256", CIFAR_FORWARD_FLOP);
            if (torch.containsKey("cifar_infer1")) {
                rows.add(new String[] {"CIFAR CNN infer, batch 1 (median)", "PyTorch", fmt(torch.get("cifar_infer1")) + " ms",
                        "1.00x", ""});
            }
        }
        System.out.println();
        System.out.println("load average at start: " + load + "; engine: " + status.binary() + ", BLAS "
                + status.blasVendor() + ", helpers " + (status.helpersActive() ? "available" : "unavailable")
                + ", options " + options);
        System.out.println();
        System.out.println("| workload | engine | result | vs PyTorch | of gemm ceiling |");
        System.out.println("|---|---|---|---|---|");
        rows.stream().sorted((a, b) -> a[0].compareTo(b[0])).forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
    }

    // ---------------------------------------------------------------- PyTorch

    void runPyTorch() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path script = Path.of("bench/pytorch_bench.py");
        Process check = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
        if (check.waitFor() != 0) {
            System.err.println("PyTorch skipped: /usr/bin/python3 cannot import torch (apt-get install python3-torch)");
            return;
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), options.get("mnist"),
                "--cifar-train-iters", options.get("cifar-iters")));
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
                String name = record.getOrDefault("name", "");
                switch (name) {
                    case "gemm" -> torch.put("gemm", Double.parseDouble(record.get("gflops")));
                    case "cifar_infer1" -> torch.put(name, Double.parseDouble(record.get("median_ms")));
                    case "lenet_train" -> {
                        torch.put(name, Double.parseDouble(record.get("images_per_s")));
                        torch.put("lenet_accuracy", Double.parseDouble(record.get("accuracy")));
                        torch.put("lenet_epoch_s", Double.parseDouble(record.get("seconds")));
                    }
                    case "cifar_train", "cifar_infer256" -> torch.put(name, Double.parseDouble(record.get("images_per_s")));
                    default -> { }
                }
            }
        }
        if (process.waitFor() != 0) {
            System.err.println("PyTorch benchmark exited with " + process.exitValue());
        }
    }

    void torchRow(String workload, String key, double flopPerImage) {
        if (!torch.containsKey(key)) {
            return;
        }
        String extra = key.equals("lenet_train") ? String.format(Locale.ROOT, " (epoch %.1f s, test acc %.4f)",
                torch.get("lenet_epoch_s"), torch.get("lenet_accuracy")) : "";
        rows.add(new String[] {workload, "PyTorch " + "2 threads", fmt(torch.get(key)) + " img/s" + extra, "1.00x",
                pct(torch.get(key) * flopPerImage, nd4jGemm)});
    }

    // ---------------------------------------------------------------- networks

    NeuralNetConfiguration.ListBuilder base(long seed, org.nd4j.linalg.learning.config.IUpdater updater) {
        WorkspaceMode workspaces = WorkspaceMode.valueOf(options.get("workspaces"));
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.valueOf(options.get("dtype")))
                .updater(updater)
                .weightInit(WeightInit.XAVIER_UNIFORM)   // Keras' glorot_uniform, zero bias
                .trainingWorkspaceMode(workspaces)
                .inferenceWorkspaceMode(workspaces)
                .cacheMode(CacheMode.valueOf(options.get("cache")))
                .list();
    }

    MultiLayerNetwork lenetNet() {
        var conf = base(42, new Sgd(0.01))
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(1, 1).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(120).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(84).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        return init(conf);
    }

    MultiLayerNetwork cifarNet() {
        var conf = base(42, new RmsProp(1e-4, 0.9, 1e-7))  // Keras RMSprop defaults
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer.Builder(0.75).build())   // DL4J takes the retain probability
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer.Builder(0.75).build())
                .layer(new DenseLayer.Builder().nOut(512).activation(Activation.RELU).build())
                .layer(new DropoutLayer.Builder(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3))
                .build();
        return init(conf);
    }

    static MultiLayerNetwork init(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    MultiLayerNetwork build(boolean helpers, java.util.function.Supplier<MultiLayerNetwork> factory) {
        System.setProperty(LayerHelpers.DISABLE_PROPERTY, Boolean.toString(!helpers));
        try {
            MultiLayerNetwork network = factory.get();
            if (helpers) {
                LayerHelpers.requireHelpers(network);
            } else if (LayerHelpers.layersMissingHelper(network).isEmpty()) {
                throw new IllegalStateException("plain network got helpers");
            }
            return network;
        } finally {
            System.setProperty(LayerHelpers.DISABLE_PROPERTY, "false");
        }
    }

    static String engineName(boolean helpers) {
        return helpers ? "DL4J oneDNN helpers" : "DL4J plain (helpers off)";
    }

    // ---------------------------------------------------------------- LeNet-5 / MNIST

    void lenet(boolean helpers) throws IOException {
        DataType dtype = DataType.valueOf(options.get("dtype"));
        float[][] trainX = readImages(Path.of(options.get("mnist"), "train-images-idx3-ubyte.gz"));
        int[] trainY = readLabels(Path.of(options.get("mnist"), "train-labels-idx1-ubyte.gz"));
        Integer[] order = new Integer[trainX.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Collections.shuffle(Arrays.asList(order), new Random(42));
        int batch = 128;
        List<INDArray[]> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batch) {
            int n = Math.min(batch, order.length - start);
            float[] x = new float[n * 784];
            float[] y = new float[n * 10];
            for (int i = 0; i < n; i++) {
                System.arraycopy(trainX[order[start + i]], 0, x, i * 784, 784);
                y[i * 10 + trainY[order[start + i]]] = 1f;
            }
            batches.add(new INDArray[] {Nd4j.create(x, new long[] {n, 1, 28, 28}).castTo(dtype),
                    Nd4j.create(y, new long[] {n, 10}).castTo(dtype)});
        }
        MultiLayerNetwork net = build(helpers, this::lenetNet);
        boolean fullEpoch = helpers && Boolean.parseBoolean(options.get("lenet-full-epoch"));
        int limit = fullEpoch ? batches.size() : Math.max(1, 3 * WINDOW_IMAGES / batch / (helpers ? 1 : 4));
        double best = 0;
        long epochStart = System.nanoTime();
        long windowStart = epochStart;
        int windowImages = 0;
        for (int b = 0; b < limit; b++) {
            INDArray[] xy = batches.get(b);
            net.fit(xy[0], xy[1]);
            windowImages += (int) xy[0].size(0);
            if (windowImages >= (helpers ? WINDOW_IMAGES : WINDOW_IMAGES / 4)) {
                long now = System.nanoTime();
                best = Math.max(best, windowImages / ((now - windowStart) / 1e9));
                windowStart = now;
                windowImages = 0;
            }
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        String result = fmt(best) + " img/s";
        if (fullEpoch) {
            result += String.format(Locale.ROOT, " (epoch %.1f s, test acc %.4f)", seconds, lenetAccuracy(net, dtype));
        }
        rows.add(new String[] {"LeNet-5 MNIST train, batch 128", engineName(helpers), result,
                ratio(best, torch.get("lenet_train")), pct(best * LENET_TRAIN_FLOP, nd4jGemm)});
    }

    double lenetAccuracy(MultiLayerNetwork net, DataType dtype) throws IOException {
        float[][] testX = readImages(Path.of(options.get("mnist"), "t10k-images-idx3-ubyte.gz"));
        int[] testY = readLabels(Path.of(options.get("mnist"), "t10k-labels-idx1-ubyte.gz"));
        int correct = 0;
        for (int start = 0; start < testX.length; start += 1000) {
            int n = Math.min(1000, testX.length - start);
            float[] x = new float[n * 784];
            for (int i = 0; i < n; i++) {
                System.arraycopy(testX[start + i], 0, x, i * 784, 784);
            }
            INDArray predicted = net.output(Nd4j.create(x, new long[] {n, 1, 28, 28}).castTo(dtype)).argMax(1);
            for (int i = 0; i < n; i++) {
                if (predicted.getInt(i) == testY[start + i]) {
                    correct++;
                }
            }
        }
        return correct / (double) testX.length;
    }

    static float[][] readImages(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != 0x803) {
                throw new IOException(file + ": not an IDX image file");
            }
            int count = in.readInt();
            int pixels = in.readInt() * in.readInt();
            byte[] raw = new byte[pixels];
            float[][] images = new float[count][pixels];
            for (int i = 0; i < count; i++) {
                in.readFully(raw);
                for (int p = 0; p < pixels; p++) {
                    images[i][p] = (raw[p] & 0xff) / 255f;
                }
            }
            return images;
        }
    }

    static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != 0x801) {
                throw new IOException(file + ": not an IDX label file");
            }
            int[] labels = new int[in.readInt()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    // ---------------------------------------------------------------- CIFAR CNN

    void cifar(boolean helpers) {
        DataType dtype = DataType.valueOf(options.get("dtype"));
        MultiLayerNetwork net = build(helpers, this::cifarNet);
        Nd4j.getRandom().setSeed(7);
        List<INDArray[]> batches = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            INDArray labels = Nd4j.zeros(dtype, 32, 10);
            for (int r = 0; r < 32; r++) {
                labels.putScalar(r, (r * 7 + i) % 10, 1);
            }
            batches.add(new INDArray[] {Nd4j.rand(dtype, 32, 3, 32, 32), labels});
        }
        int iters = helpers ? intOption("cifar-iters") : Math.max(2, intOption("cifar-iters") / 5);
        int windows = helpers ? intOption("windows") : 1;
        for (int k = 0; k < 5; k++) {
            net.fit(batches.get(k % 8)[0], batches.get(k % 8)[1]);
        }
        double train = 0;
        for (int w = 0; w < windows; w++) {
            long start = System.nanoTime();
            for (int k = 0; k < iters; k++) {
                net.fit(batches.get(k % 8)[0], batches.get(k % 8)[1]);
            }
            train = Math.max(train, iters * 32 / ((System.nanoTime() - start) / 1e9));
        }
        rows.add(new String[] {"CIFAR CNN train, batch 32", engineName(helpers), fmt(train) + " img/s",
                ratio(train, torch.get("cifar_train")), pct(train * CIFAR_TRAIN_FLOP, nd4jGemm)});
        if (section("train-only")) {
            return;
        }

        INDArray x256 = Nd4j.rand(dtype, 256, 3, 32, 32);
        net.output(x256);
        int inferBatches = helpers ? 5 : 1;
        double infer = 0;
        for (int w = 0; w < windows; w++) {
            long start = System.nanoTime();
            for (int k = 0; k < inferBatches; k++) {
                net.output(x256);
            }
            infer = Math.max(infer, inferBatches * 256 / ((System.nanoTime() - start) / 1e9));
        }
        rows.add(new String[] {"CIFAR CNN infer, batch 256", engineName(helpers), fmt(infer) + " img/s",
                ratio(infer, torch.get("cifar_infer256")), pct(infer * CIFAR_FORWARD_FLOP, nd4jGemm)});

        INDArray x1 = Nd4j.rand(dtype, 1, 3, 32, 32);
        for (int k = 0; k < 20; k++) {
            net.output(x1);
        }
        int runs = helpers ? 300 : 40;
        double[] ms = new double[runs];
        for (int k = 0; k < runs; k++) {
            long start = System.nanoTime();
            net.output(x1);
            ms[k] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        double median = ms[runs / 2];
        Double torchMs = torch.get("cifar_infer1");
        rows.add(new String[] {"CIFAR CNN infer, batch 1 (median)", engineName(helpers), fmt(median) + " ms",
                torchMs == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", torchMs / median), ""});
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
