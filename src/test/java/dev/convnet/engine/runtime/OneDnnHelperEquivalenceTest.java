package dev.convnet.engine.runtime;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The oneDNN path must compute what DL4J's own path computes: same weights and inputs, outputs and every
 * parameter gradient within 1e-4 of the plain path, relative to the largest magnitude of the array.
 * (Element-wise relative error is meaningless for values near zero; float32 sums in another order differ there.)
 */
class OneDnnHelperEquivalenceTest {

    private static final double TOLERANCE = 1e-4;
    private static final int BATCH = 4;
    private static final int CHANNELS = 3;
    private static final int SIZE = 12;
    private static final int CLASSES = 5;

    private static String previousDisable;

    @BeforeAll
    static void enableHelpers() {
        previousDisable = System.getProperty(LayerHelpers.DISABLE_PROPERTY);
        EngineStatus status = LayerHelpers.enable();
        assumeTrue(status.oneDnn(), "ND4J binary without oneDNN: nothing to compare");
    }

    @AfterAll
    static void restoreProperty() {
        if (previousDisable == null) {
            System.clearProperty(LayerHelpers.DISABLE_PROPERTY);
        } else {
            System.setProperty(LayerHelpers.DISABLE_PROPERTY, previousDisable);
        }
    }

    static Stream<Arguments> layerStacks() {
        return Stream.of(
                Arguments.of("conv same", stack(() -> conv(3, 1, ConvolutionMode.Same))),
                Arguments.of("conv valid", stack(() -> conv(5, 1, ConvolutionMode.Truncate))),
                Arguments.of("conv stride 2 same", stack(() -> conv(3, 2, ConvolutionMode.Same))),
                Arguments.of("conv stride 2 valid", stack(() -> conv(3, 2, ConvolutionMode.Truncate))),
                Arguments.of("max pool 2x2 stride 2", stack(() -> conv(3, 1, ConvolutionMode.Same),
                        () -> pool(PoolingType.MAX, 2, 2))),
                Arguments.of("avg pool 2x2 stride 1", stack(() -> conv(3, 1, ConvolutionMode.Same),
                        () -> pool(PoolingType.AVG, 2, 1))),
                Arguments.of("max pool 3x3 stride 2", stack(() -> conv(3, 1, ConvolutionMode.Same),
                        () -> pool(PoolingType.MAX, 3, 2))),
                Arguments.of("global avg pooling", stack(() -> conv(3, 1, ConvolutionMode.Same),
                        () -> new GlobalPoolingLayer.Builder(PoolingType.AVG).build())),
                Arguments.of("global max pooling", stack(() -> conv(3, 1, ConvolutionMode.Same),
                        () -> new GlobalPoolingLayer.Builder(PoolingType.MAX).build())),
                Arguments.of("batch norm", stack(() -> conv(3, 1, ConvolutionMode.Same),
                        () -> new BatchNormalization.Builder().build(),
                        () -> pool(PoolingType.MAX, 2, 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerStacks")
    void fastPathMatchesPlainPath(String name, Supplier<Layer>[] stack) {
        MultiLayerNetwork plain = build(stack, true);
        MultiLayerNetwork fast = build(stack, false);
        fast.setParams(plain.params().dup());
        assertThat(LayerHelpers.layersMissingHelper(fast)).isEmpty();
        assertThat(plain.getLayer(0).getHelper()).isNull();

        INDArray input = Nd4j.rand(DataType.FLOAT, BATCH, CHANNELS, SIZE, SIZE).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, i % CLASSES, 1f);
        }

        assertClose("inference output", fast.output(input, false), plain.output(input, false));
        assertClose("training output", fast.output(input, true), plain.output(input, true));

        plain.setInput(input);
        plain.setLabels(labels);
        plain.computeGradientAndScore();
        fast.setInput(input);
        fast.setLabels(labels);
        fast.computeGradientAndScore();

        assertThat(fast.score()).isCloseTo(plain.score(), org.assertj.core.data.Offset.offset(1e-4 * Math.abs(plain.score())));
        Map<String, INDArray> expected = plain.gradient().gradientForVariable();
        Map<String, INDArray> actual = fast.gradient().gradientForVariable();
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((param, gradient) -> assertClose("gradient " + param, actual.get(param), gradient));
    }

    private static void assertClose(String what, INDArray actual, INDArray expected) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-12);
        double worst = actual.sub(expected).amaxNumber().doubleValue() / scale;
        assertThat(worst).as(what + ": max |fast - plain| / max |plain|").isLessThanOrEqualTo(TOLERANCE);
    }

    private static MultiLayerNetwork build(Supplier<Layer>[] stack, boolean disableHelpers) {
        System.setProperty(LayerHelpers.DISABLE_PROPERTY, Boolean.toString(disableHelpers));
        try {
            var list = new NeuralNetConfiguration.Builder()
                    .seed(42)
                    .dataType(DataType.FLOAT)
                    .updater(new Sgd(0.01))
                    .weightInit(WeightInit.XAVIER)
                    .list();
            for (Supplier<Layer> layer : stack) {
                list.layer(layer.get());
            }
            list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(CLASSES).activation(Activation.SOFTMAX).build());
            MultiLayerNetwork network = new MultiLayerNetwork(
                    list.setInputType(InputType.convolutional(SIZE, SIZE, CHANNELS)).build());
            network.init();
            return network;
        } finally {
            System.setProperty(LayerHelpers.DISABLE_PROPERTY, "false");
        }
    }

    private static ConvolutionLayer conv(int kernel, int stride, ConvolutionMode mode) {
        // tanh, not relu: max pooling over relu zeros has ties that the two paths may route differently
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).convolutionMode(mode)
                .nOut(6).activation(Activation.TANH).build();
    }

    private static SubsamplingLayer pool(PoolingType type, int kernel, int stride) {
        return new SubsamplingLayer.Builder(type).kernelSize(kernel, kernel).stride(stride, stride).build();
    }

    @SafeVarargs
    private static Supplier<Layer>[] stack(Supplier<Layer>... layers) {
        return layers;
    }
}
