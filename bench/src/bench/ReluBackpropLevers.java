package bench;

import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.dl4j.ReluImplementations;
import dev.convnet.engine.runtime.EngineThreads;
import dev.convnet.engine.runtime.LayerHelpers;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU's backward pass on the CIFAR-10 CNN's activation shapes at batch 32, two ways, interleaved: DL4J's
 * {@code ActivationReLU.backprop} (libnd4j's {@code relu_bp} op) and a step mask times the gradient (two vectorised
 * legacy ops). Prints microseconds per call, the median of 5 rounds, and the largest difference between the two.
 * Then whole training steps of the CIFAR-10 CNN (batch 32, the compiled network's updater) with each, alternating in one JVM.
 * Usage: bench/run.sh bench.ReluBackpropLevers [calls per round, default 300] [steps per round, default 40]
 */
public final class ReluBackpropLevers {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        LayerHelpers.enable();
        EngineThreads.capCurrentThread(2);
        long[][] shapes = {{32, 32, 32, 32}, {32, 32, 30, 30}, {32, 64, 15, 15}, {32, 64, 13, 13}, {32, 512}};
        System.out.println("| activation shape | relu_bp op (us) | step mask x gradient (us) | speed-up | max difference |");
        System.out.println("|---|---|---|---|---|");
        for (long[] shape : shapes) {
            INDArray preOutput = Nd4j.randn(DataType.FLOAT, shape);
            INDArray gradient = Nd4j.randn(DataType.FLOAT, shape);
            INDArray a = preOutput.dup();
            INDArray b = preOutput.dup();
            double[] op = new double[5];
            double[] mask = new double[5];
            for (int round = 0; round < op.length; round++) {
                op[round] = time(calls, () -> {
                    a.assign(preOutput);
                    Nd4j.getExecutioner().exec(new RectifiedLinearDerivative(a, gradient, a));
                });
                mask[round] = time(calls, () -> {
                    b.assign(preOutput);
                    Nd4j.getExecutioner().exec(new Step(b, b, 0.0));
                    b.muli(gradient);
                });
            }
            // the assign that restores the input is in both timings; time it alone and take it out
            double assign = time(calls, () -> a.assign(preOutput));
            a.assign(preOutput);
            Nd4j.getExecutioner().exec(new RectifiedLinearDerivative(a, gradient, a));
            b.assign(preOutput);
            Nd4j.getExecutioner().exec(new Step(b, b, 0.0));
            b.muli(gradient);
            double opUs = Timings.median(op) - assign;
            double maskUs = Timings.median(mask) - assign;
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2fx | %.1e |%n", java.util.Arrays.toString(shape),
                    opUs, maskUs, opUs / maskUs, a.sub(b).amaxNumber().doubleValue());
        }
        trainingSteps(steps);
    }

    /** Training images per second on one fixed batch, DL4J's ReLU and the masked one alternating, 6 rounds each. */
    static void trainingSteps(int steps) throws Exception {
        CompiledNetwork compiled = new NetworkCompiler().compile(ConvnetBenchmark.preset("cifar10-cnn"), 42);
        MultiLayerNetwork network = compiled.network();
        network.setListeners();
        INDArray features = Nd4j.rand(DataType.FLOAT, 32, 3, 32, 32);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 32, 10);
        for (int i = 0; i < 32; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        double[][] rates = new double[2][6];
        for (int round = -1; round < 6; round++) { // round -1 warms both up
            for (int masked = 0; masked < 2; masked++) {
                ReluImplementations.use(network, masked == 1);
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    network.fit(features, labels);
                }
                if (round >= 0) {
                    rates[masked][round] = steps * 32 / ((System.nanoTime() - start) / 1e9);
                }
            }
        }
        System.out.println();
        System.out.println("| CIFAR-10 CNN training, batch 32, img/s | rounds | median |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| DL4J's ReLU (relu_bp) | %s | %.0f |%n", rounds(rates[0]), Timings.median(rates[0]));
        System.out.printf(Locale.ROOT, "| masked ReLU | %s | %.0f |%n", rounds(rates[1]), Timings.median(rates[1]));
        System.out.printf(Locale.ROOT, "masked vs DL4J's: %+.1f%% (median of the per-round ratios)%n",
                100 * (Timings.median(ratios(rates[1], rates[0])) - 1));
    }

    static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    static String rounds(double[] values) {
        return java.util.Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
                .collect(java.util.stream.Collectors.joining(" / "));
    }

    static double time(int calls, Runnable call) {
        for (int i = 0; i < 20; i++) {
            call.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return (System.nanoTime() - start) / 1e3 / calls;
    }
}
