package bench;

import dev.convnet.common.Tensor;
import dev.convnet.engine.EngineProperties;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.runtime.EngineThreads;
import dev.convnet.engine.runtime.LayerHelpers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.CNN2DFormat;
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
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Batch-1 inference latency of the lesson's CIFAR-10 CNN, one lever at a time against the service's path
 * ({@code CompiledNetwork.predict} on the compiled preset). Variants run interleaved, in rounds, in one JVM, so
 * that load from other processes falls on all of them alike; the median over all rounds is reported.
 * Process-wide levers (OMP_NUM_THREADS) need a second run with the environment variable set.
 *
 * <p>Options: --batch=N (images per call, default 1) --rounds=N --calls=N (calls per variant per round) --train=true|false (also time training steps of
 * the preset network against the fused-activation network)
 */
public final class InferenceLatencyLevers {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("rounds", "10", "calls", "40", "train", "false", "batch", "1"));
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv[1]);
        }
        int rounds = Integer.parseInt(options.get("rounds"));
        int calls = Integer.parseInt(options.get("calls"));
        LayerHelpers.enable();
        CompiledNetwork trained = new NetworkCompiler().compile(ConvnetBenchmark.preset("cifar10-cnn"), 42);
        CompiledNetwork service = new NetworkCompiler().forServing(trained); // what the service's workers run
        MultiLayerNetwork preset = trained.network();
        MultiLayerNetwork noWorkspaces = preset.clone();
        noWorkspaces.getLayerWiseConfigurations().setInferenceWorkspaceMode(WorkspaceMode.NONE);
        MultiLayerNetwork fused = fusedNet(CNN2DFormat.NCHW);
        MultiLayerNetwork fusedNhwc = fusedNet(CNN2DFormat.NHWC);
        LayerHelpers.requireHelpers(fused);

        Random random = new Random(5);
        int batch = Integer.parseInt(options.get("batch"));
        Tensor x1 = ConvnetBenchmark.randomTensor(random, batch);
        INDArray nhwc = Nd4j.create(x1.data(), new long[] {batch, 32, 32, 3}, 'c');
        INDArray nchw = nhwc.permute(0, 3, 1, 2).dup('c');

        Map<String, Supplier<Object>> variants = new LinkedHashMap<>();
        CompiledNetwork unfolded = dev.convnet.engine.dl4j.UnfoldedNetworks.compile(ConvnetBenchmark.preset("cifar10-cnn"), 42);
        unfolded.setKerasWeights(trained.kerasWeights());
        EngineThreads.setBlasThreads(EngineProperties.defaults().blasThreads()); // the service's start-up setting
        variants.put("baseline: the service's channels-last serving copy, CompiledNetwork.predict", () -> service.predict(x1));
        variants.put("the NCHW network as trained and stored, CompiledNetwork.predict (NHWC in, permute + dup)", () -> trained.predict(x1));
        variants.put("NCHW and activation layers not folded (one DL4J layer each, as before folding)", () -> unfolded.predict(x1));
        variants.put("OpenBLAS on 2 threads (ND4J's default) around predict", () -> {
            EngineThreads.setBlasThreads(2);
            try {
                return service.predict(x1);
            } finally {
                EngineThreads.setBlasThreads(1);
            }
        });
        variants.put("network.output(NCHW, false) on the preset network", () -> preset.output(nchw, false));
        variants.put("network.feedForward(NCHW, false) on the preset network", () -> preset.feedForward(nchw, false));
        variants.put("inference workspace mode NONE", () -> noWorkspaces.output(nchw, false));
        variants.put("Nd4j.getEnvironment().setMaxThreads(1) around predict", () -> {
            var env = Nd4j.getEnvironment();
            int before = env.maxThreads();
            env.setMaxThreads(1);
            try {
                return service.predict(x1);
            } finally {
                env.setMaxThreads(before);
            }
        });
        variants.put("NativeOps.setOmpNumThreads(1) on the calling thread around predict", () -> {
            var ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
            int before = ops.ompGetMaxThreads();
            ops.setOmpNumThreads(1);
            try {
                return service.predict(x1);
            } finally {
                ops.setOmpNumThreads(before);
            }
        });
        variants.put("hand-built network, activations fused into conv/dense, output(NCHW)", () -> fused.output(nchw, false));
        variants.put("fused + CNN2DFormat.NHWC conv/pool layers, output(NHWC) without permute", () -> fusedNhwc.output(nhwc, false));

        Map<String, List<Double>> times = new LinkedHashMap<>();
        variants.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        for (var variant : variants.values()) {
            for (int k = 0; k < 20; k++) {
                variant.get();
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (var entry : variants.entrySet()) {
                for (int k = 0; k < calls; k++) {
                    long start = System.nanoTime();
                    entry.getValue().get();
                    times.get(entry.getKey()).add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        System.out.println("OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", load " + ConvnetBenchmark.load()
                + ", batch " + batch + ", " + rounds + " rounds x " + calls + " calls per variant");
        System.out.println("| lever | median ms | p10 | p90 |");
        System.out.println("|---|---|---|---|");
        times.forEach((name, list) -> {
            double[] ms = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", name, ms[ms.length / 2], ms[ms.length / 10],
                    ms[ms.length * 9 / 10]);
        });

        if (Boolean.parseBoolean(options.get("train"))) {
            compareTraining(rounds);
        }
    }

    /** Training steps (batch 32, random data) of the preset network vs the fused one, interleaved. */
    static void compareTraining(int rounds) throws java.io.IOException {
        // Both with the same RMSprop, so only the layer structure differs.
        MultiLayerNetwork preset = new NetworkCompiler().compile(ConvnetBenchmark.preset("cifar10-cnn"), 42,
                new RmsProp(1e-4, 0.9, 1e-7)).network();
        MultiLayerNetwork fused = fusedNet(CNN2DFormat.NCHW);
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 3, 32, 32);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 10);
        for (int r = 0; r < 32; r++) {
            y.putScalar(r, r % 10, 1);
        }
        Map<String, MultiLayerNetwork> nets = new LinkedHashMap<>();
        nets.put("preset (separate ActivationLayers)", preset);
        nets.put("fused activations", fused);
        Map<String, double[]> rates = new LinkedHashMap<>();
        nets.forEach((name, net) -> {
            for (int k = 0; k < 5; k++) {
                net.fit(x, y);
            }
            rates.put(name, new double[rounds]);
        });
        for (int r = 0; r < rounds; r++) {
            for (var entry : nets.entrySet()) {
                long start = System.nanoTime();
                for (int k = 0; k < 10; k++) {
                    entry.getValue().fit(x, y);
                }
                rates.get(entry.getKey())[r] = 320 / ((System.nanoTime() - start) / 1e9);
            }
        }
        System.out.println();
        System.out.println("| training, batch 32 | median img/s | best img/s |");
        System.out.println("|---|---|---|");
        rates.forEach((name, values) -> {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, sorted[sorted.length / 2], sorted[sorted.length - 1]);
        });
    }

    /** The same CIFAR CNN with each activation inside its conv/dense layer, as a hand-written DL4J model would have. */
    static MultiLayerNetwork fusedNet(CNN2DFormat format) {
        var conf = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.FLOAT)
                .updater(new RmsProp(1e-4, 0.9, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer.Builder(0.75).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer.Builder(0.75).build())
                .layer(new DenseLayer.Builder().nOut(512).activation(Activation.RELU).build())
                .layer(new DropoutLayer.Builder(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3, format))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }
}
