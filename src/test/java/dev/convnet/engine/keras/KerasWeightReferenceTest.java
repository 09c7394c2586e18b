package dev.convnet.engine.keras;

import dev.convnet.common.Tensor;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.definition.Violation;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.InvalidWeightsException;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.dl4j.WeightSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Sets Keras-layout weights and compares {@link CompiledNetwork#predict} with a forward pass written here
 * with plain loops over Keras's layouts (NHWC tensors, conv kernel [kh, kw, in, out], flatten in
 * (height, width, channels) order, dense kernel [in, out], TensorFlow's "same" padding with the extra
 * row/column at the bottom/right). Nothing of the service's conversion code is used by the reference.
 */
class KerasWeightReferenceTest {

    private static final double TOLERANCE = 1e-5;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Random random = new Random(20240611);

    // ---- networks against the reference ----

    @ParameterizedTest
    @ValueSource(strings = {"linear", "relu"})
    void convFlattenDenseOnNonSquareTwoChannelInput(String activation) {
        CompiledNetwork network = compile("[5, 4, 2]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 3, "activation": "%s"},
                {"type": "flatten"},
                {"type": "dense", "units": 3}""".formatted(activation));
        float[] kernel = uniform(3 * 3 * 2 * 2);
        float[] bias = uniform(2);
        float[] denseKernel = uniform(12 * 3);
        float[] denseBias = uniform(3);
        network.setKerasWeights(List.of(tensor(kernel, 3, 3, 2, 2), tensor(bias, 2), tensor(denseKernel, 12, 3), tensor(denseBias, 3)));

        assertMatchesReference(network, 5, 4, 2, x -> dense(flatten(
                conv(x, kernel, bias, 3, 3, 2, 1, 1, false, activation.equals("relu"))), denseKernel, denseBias, 3));
    }

    @ParameterizedTest(name = "{0}x{1} input, kernel {2}, stride {3}")
    @CsvSource({"5, 5, 3, 2", "6, 5, 3, 2", "6, 6, 3, 2", "5, 7, 4, 2", "5, 4, 2, 1", "7, 7, 3, 3"})
    void samePaddingPutsTheExtraRowAndColumnAtTheBottomRight(int height, int width, int kernelSize, int stride) {
        CompiledNetwork network = compile("[" + height + ", " + width + ", 2]", """
                {"type": "conv2d", "filters": 2, "kernelSize": %d, "strides": %d, "padding": "same"}"""
                .formatted(kernelSize, stride));
        float[] kernel = uniform(kernelSize * kernelSize * 2 * 2);
        float[] bias = uniform(2);
        network.setKerasWeights(List.of(tensor(kernel, kernelSize, kernelSize, 2, 2), tensor(bias, 2)));

        Tensor output = assertMatchesReference(network, height, width, 2,
                x -> nhwc(conv(x, kernel, bias, kernelSize, kernelSize, 2, stride, stride, true, false)));
        assertThat(output.shape()).containsExactly(2, ceilDiv(height, stride), ceilDiv(width, stride), 2);
    }

    @ParameterizedTest(name = "{0}x{1} input, pool {2}, stride {3}")
    @CsvSource({"5, 5, 2, 2", "5, 4, 3, 1", "6, 5, 3, 2", "5, 5, 3, 3"})
    void averagePoolingSameExcludesPaddingFromTheAverage(int height, int width, int pool, int stride) {
        CompiledNetwork network = compile("[" + height + ", " + width + ", 2]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 1},
                {"type": "averagePooling2d", "poolSize": %d, "strides": %d, "padding": "same"}""".formatted(pool, stride));
        float[] kernel = uniform(2 * 2);
        float[] bias = uniform(2);
        network.setKerasWeights(List.of(tensor(kernel, 1, 1, 2, 2), tensor(bias, 2)));

        assertMatchesReference(network, height, width, 2,
                x -> nhwc(pool(conv(x, kernel, bias, 1, 1, 2, 1, 1, false, false), pool, stride, true, false)));
    }

    @ParameterizedTest(name = "pool {0}, stride {1}, {2}")
    @CsvSource({"2, 2, valid", "3, 1, valid", "2, 2, same", "3, 2, same"})
    void maxPooling(int pool, int stride, String padding) {
        CompiledNetwork network = compile("[5, 6, 2]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 1},
                {"type": "maxPooling2d", "poolSize": %d, "strides": %d, "padding": "%s"}""".formatted(pool, stride, padding));
        float[] kernel = uniform(2 * 2);
        float[] bias = uniform(2);
        network.setKerasWeights(List.of(tensor(kernel, 1, 1, 2, 2), tensor(bias, 2)));

        // values are mostly negative, so padding that took part in the max as 0 would show
        assertMatchesReference(network, 5, 6, 2, x -> nhwc(pool(conv(x, kernel, bias, 1, 1, 2, 1, 1, false, false),
                pool, stride, padding.equals("same"), true)));
    }

    @Test
    void globalAveragePoolingThenDense() {
        CompiledNetwork network = compile("[5, 4, 2]", """
                {"type": "conv2d", "filters": 3, "kernelSize": [3, 2], "activation": "relu"},
                {"type": "globalAveragePooling2d"},
                {"type": "dense", "units": 2}""");
        float[] kernel = uniform(3 * 2 * 2 * 3);
        float[] bias = uniform(3);
        float[] denseKernel = uniform(3 * 2);
        float[] denseBias = uniform(2);
        network.setKerasWeights(List.of(tensor(kernel, 3, 2, 2, 3), tensor(bias, 3), tensor(denseKernel, 3, 2), tensor(denseBias, 2)));

        assertMatchesReference(network, 5, 4, 2, x -> dense(globalAverage(
                conv(x, kernel, bias, 3, 2, 3, 1, 1, false, true)), denseKernel, denseBias, 2));
    }

    @Test
    void batchNormalizationOnAConvOutputInInference() {
        CompiledNetwork network = compile("[5, 4, 2]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 3},
                {"type": "batchNormalization", "epsilon": 0.01},
                {"type": "flatten"},
                {"type": "dense", "units": 3}""");
        float[] kernel = uniform(3 * 3 * 2 * 2);
        float[] bias = uniform(2);
        BatchNorm norm = batchNorm(2, 0.01);
        float[] denseKernel = uniform(12 * 3);
        float[] denseBias = uniform(3);
        List<Tensor> weights = new ArrayList<>(List.of(tensor(kernel, 3, 3, 2, 2), tensor(bias, 2)));
        weights.addAll(norm.tensors());
        weights.addAll(List.of(tensor(denseKernel, 12, 3), tensor(denseBias, 3)));
        network.setKerasWeights(weights);

        assertMatchesReference(network, 5, 4, 2, x -> dense(flatten(
                norm.apply(conv(x, kernel, bias, 3, 3, 2, 1, 1, false, false))), denseKernel, denseBias, 3));
    }

    @Test
    void batchNormalizationOnAFlattenedConvOutputKeepsKerasFeatureOrder() {
        CompiledNetwork network = compile("[5, 4, 2]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 3},
                {"type": "flatten"},
                {"type": "batchNormalization"},
                {"type": "dense", "units": 3}""");
        float[] kernel = uniform(3 * 3 * 2 * 2);
        float[] bias = uniform(2);
        BatchNorm norm = batchNorm(12, 0.001);
        float[] denseKernel = uniform(12 * 3);
        float[] denseBias = uniform(3);
        List<Tensor> weights = new ArrayList<>(List.of(tensor(kernel, 3, 3, 2, 2), tensor(bias, 2)));
        weights.addAll(norm.tensors());
        weights.addAll(List.of(tensor(denseKernel, 12, 3), tensor(denseBias, 3)));
        network.setKerasWeights(weights);

        assertMatchesReference(network, 5, 4, 2, x -> dense(norm.apply(flatten(
                conv(x, kernel, bias, 3, 3, 2, 1, 1, false, false))), denseKernel, denseBias, 3));
    }

    @Test
    void aNetworkEndingInFlattenReturnsKerasFeatureOrder() {
        CompiledNetwork network = compile("[3, 4, 2]", """
                {"type": "conv2d", "filters": 3, "kernelSize": 2},
                {"type": "flatten"}""");
        float[] kernel = uniform(2 * 2 * 2 * 3);
        float[] bias = uniform(3);
        network.setKerasWeights(List.of(tensor(kernel, 2, 2, 2, 3), tensor(bias, 3)));

        Tensor output = assertMatchesReference(network, 3, 4, 2, x -> flatten(conv(x, kernel, bias, 2, 2, 3, 1, 1, false, false)));
        assertThat(output.shape()).containsExactly(2, 18);
    }

    @Test
    void aNetworkEndingInBatchNormalizationOfAFlattenReturnsKerasFeatureOrder() {
        CompiledNetwork network = compile("[3, 4, 2]", """
                {"type": "conv2d", "filters": 3, "kernelSize": 2},
                {"type": "flatten"},
                {"type": "batchNormalization"}""");
        float[] kernel = uniform(2 * 2 * 2 * 3);
        float[] bias = uniform(3);
        BatchNorm norm = batchNorm(18, 0.001);
        List<Tensor> weights = new ArrayList<>(List.of(tensor(kernel, 2, 2, 2, 3), tensor(bias, 3)));
        weights.addAll(norm.tensors());
        network.setKerasWeights(weights);

        assertMatchesReference(network, 3, 4, 2, x -> norm.apply(flatten(conv(x, kernel, bias, 2, 2, 3, 1, 1, false, false))));
    }

    // ---- weight list handling ----

    /** conv2d (kernel, bias), batch norm on the flattened output (4 vectors), dense (kernel, bias). */
    private CompiledNetwork eightArrayNetwork() {
        return compile("[5, 4, 2]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 3},
                {"type": "flatten"},
                {"type": "batchNormalization"},
                {"type": "dense", "units": 3}""");
    }

    private List<Tensor> eightArrayWeights() {
        List<Tensor> weights = new ArrayList<>(List.of(tensor(uniform(36), 3, 3, 2, 2), tensor(uniform(2), 2)));
        weights.addAll(batchNorm(12, 0.001).tensors());
        weights.addAll(List.of(tensor(uniform(36), 12, 3), tensor(uniform(3), 3)));
        return weights;
    }

    @Test
    void weightSlotsListKerasShapesInGetWeightsOrder() {
        assertThat(eightArrayNetwork().weightSlots()).extracting(WeightSlot::displayName, WeightSlot::shapeText).containsExactly(
                tuple("conv2d/kernel", "[3, 3, 2, 2]"),
                tuple("conv2d/bias", "[2]"),
                tuple("batch_normalization/gamma", "[12]"),
                tuple("batch_normalization/beta", "[12]"),
                tuple("batch_normalization/moving_mean", "[12]"),
                tuple("batch_normalization/moving_variance", "[12]"),
                tuple("dense/kernel", "[12, 3]"),
                tuple("dense/bias", "[3]"));
    }

    @Test
    void getSetGetRoundTripIsBitExact() {
        CompiledNetwork network = eightArrayNetwork();
        List<Tensor> weights = eightArrayWeights();
        network.setKerasWeights(weights);

        List<Tensor> first = network.kerasWeights();
        assertThat(first).isEqualTo(weights);
        network.setKerasWeights(first);
        assertThat(network.kerasWeights()).isEqualTo(first);

        // and from the network's own initial weights, too
        CompiledNetwork fresh = eightArrayNetwork();
        List<Tensor> initial = fresh.kerasWeights();
        fresh.setKerasWeights(initial);
        assertThat(fresh.kerasWeights()).isEqualTo(initial);
    }

    @Test
    void wrongNumberOfArraysIsRefusedAndChangesNothing() {
        CompiledNetwork network = eightArrayNetwork();
        network.setKerasWeights(eightArrayWeights());
        List<Tensor> before = network.kerasWeights();
        Tensor input = randomInput(1, 5, 4, 2);
        Tensor outputBefore = network.predict(input);

        List<Tensor> tooFew = new ArrayList<>(eightArrayWeights());
        tooFew.remove(7);
        InvalidWeightsException e = catchThrowableOfType(InvalidWeightsException.class, () -> network.setKerasWeights(tooFew));

        assertThat(e).isNotNull();
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("weights");
            assertThat(v.detail()).contains("expected 8 arrays", "got 7", "conv2d/kernel [3, 3, 2, 2]", "dense/bias [3]");
        });
        assertThat(network.kerasWeights()).isEqualTo(before);
        assertThat(network.predict(input)).isEqualTo(outputBefore);
    }

    @Test
    void wrongShapesAreRefusedNamingIndexAndBothShapesAndChangeNothing() {
        CompiledNetwork network = eightArrayNetwork();
        network.setKerasWeights(eightArrayWeights());
        List<Tensor> before = network.kerasWeights();

        List<Tensor> wrong = new ArrayList<>(eightArrayWeights());
        wrong.set(1, tensor(uniform(3), 3));          // conv bias with 3 values for 2 filters
        wrong.set(6, tensor(uniform(36), 3, 12));     // dense kernel transposed (same size, wrong shape)
        InvalidWeightsException e = catchThrowableOfType(InvalidWeightsException.class, () -> network.setKerasWeights(wrong));

        assertThat(e).isNotNull();
        assertThat(e.violations()).extracting(Violation::field).containsExactly("weights[1]", "weights[6]");
        assertThat(e.violations()).extracting(Violation::pointer).containsExactly("/weights/1", "/weights/6");
        assertThat(e.violations().get(0).detail()).contains("array 1 (conv2d/bias) must have shape [2], got [3]");
        assertThat(e.violations().get(1).detail()).contains("array 6 (dense/kernel) must have shape [12, 3], got [3, 12]");
        assertThat(e.violations()).extracting(Violation::layerIndex).containsExactly(0, 3);
        // the valid arrays before and after the bad ones were not applied either
        assertThat(network.kerasWeights()).isEqualTo(before);
    }

    // ---- harness ----

    private static CompiledNetwork compile(String inputShape, String layersJson) {
        var document = JSON.readTree("{\"inputShape\": " + inputShape + ", \"layers\": [" + layersJson + "]}");
        return new NetworkCompiler().compile(new DefinitionParser().parse(document).architecture(), 7);
    }

    /** Predicts a batch of two random NHWC inputs and checks every output value against the reference. */
    private Tensor assertMatchesReference(CompiledNetwork network, int height, int width, int channels,
                                          Function<double[][][], double[]> reference) {
        Tensor input = randomInput(2, height, width, channels);
        Tensor output = network.predict(input);
        // the channels-last copy that serves predictions must compute the same function
        Tensor served = new NetworkCompiler().forServing(network).predict(input);
        assertThat(served.shape()).containsExactly(output.shape());
        int perSample = output.data().length / 2;
        for (int n = 0; n < 2; n++) {
            double[] expected = reference.apply(sample(input, n, height, width, channels));
            assertThat(perSample).as("values per sample").isEqualTo(expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) output.data()[n * perSample + i]).as("sample %d, value %d", n, i)
                        .isCloseTo(expected[i], offset(TOLERANCE));
                assertThat((double) served.data()[n * perSample + i]).as("serving copy: sample %d, value %d", n, i)
                        .isCloseTo(expected[i], offset(TOLERANCE));
            }
        }
        assertThat(output.shape()[0]).isEqualTo(2);
        return output;
    }

    private Tensor randomInput(int batch, int height, int width, int channels) {
        float[] data = new float[batch * height * width * channels];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return new Tensor(new int[] {batch, height, width, channels}, data);
    }

    private static double[][][] sample(Tensor input, int n, int height, int width, int channels) {
        double[][][] x = new double[height][width][channels];
        int offset = n * height * width * channels;
        for (int h = 0; h < height; h++) {
            for (int w = 0; w < width; w++) {
                for (int c = 0; c < channels; c++) {
                    x[h][w][c] = input.data()[offset + (h * width + w) * channels + c];
                }
            }
        }
        return x;
    }

    private float[] uniform(int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        return values;
    }

    private static Tensor tensor(float[] values, int... shape) {
        return new Tensor(shape, values);
    }

    // ---- the reference forward pass, Keras semantics ----

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Output size and padding before the first row, as TensorFlow computes them. */
    private static int[] outputAndPadBefore(int input, int window, int stride, boolean same) {
        if (!same) {
            return new int[] {(input - window) / stride + 1, 0};
        }
        int output = ceilDiv(input, stride);
        int totalPad = Math.max((output - 1) * stride + window - input, 0);
        return new int[] {output, totalPad / 2};
    }

    private static double[][][] conv(double[][][] x, float[] kernel, float[] bias, int kh, int kw, int filters,
                                     int sh, int sw, boolean same, boolean relu) {
        int height = x.length;
        int width = x[0].length;
        int channels = x[0][0].length;
        int[] rows = outputAndPadBefore(height, kh, sh, same);
        int[] cols = outputAndPadBefore(width, kw, sw, same);
        double[][][] y = new double[rows[0]][cols[0]][filters];
        for (int oh = 0; oh < rows[0]; oh++) {
            for (int ow = 0; ow < cols[0]; ow++) {
                for (int f = 0; f < filters; f++) {
                    double sum = bias[f];
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            int h = oh * sh + i - rows[1];
                            int w = ow * sw + j - cols[1];
                            if (h < 0 || h >= height || w < 0 || w >= width) {
                                continue; // zero padding
                            }
                            for (int c = 0; c < channels; c++) {
                                sum += x[h][w][c] * kernel[((i * kw + j) * channels + c) * filters + f];
                            }
                        }
                    }
                    y[oh][ow][f] = relu ? Math.max(0, sum) : sum;
                }
            }
        }
        return y;
    }

    /** Max or average pooling; padded cells take no part (Keras's average divides by the real cells only). */
    private static double[][][] pool(double[][][] x, int window, int stride, boolean same, boolean max) {
        int height = x.length;
        int width = x[0].length;
        int channels = x[0][0].length;
        int[] rows = outputAndPadBefore(height, window, stride, same);
        int[] cols = outputAndPadBefore(width, window, stride, same);
        double[][][] y = new double[rows[0]][cols[0]][channels];
        for (int oh = 0; oh < rows[0]; oh++) {
            for (int ow = 0; ow < cols[0]; ow++) {
                for (int c = 0; c < channels; c++) {
                    double best = Double.NEGATIVE_INFINITY;
                    double sum = 0;
                    int count = 0;
                    for (int i = 0; i < window; i++) {
                        for (int j = 0; j < window; j++) {
                            int h = oh * stride + i - rows[1];
                            int w = ow * stride + j - cols[1];
                            if (h >= 0 && h < height && w >= 0 && w < width) {
                                best = Math.max(best, x[h][w][c]);
                                sum += x[h][w][c];
                                count++;
                            }
                        }
                    }
                    y[oh][ow][c] = max ? best : sum / count;
                }
            }
        }
        return y;
    }

    private static double[] globalAverage(double[][][] x) {
        int channels = x[0][0].length;
        double[] y = new double[channels];
        for (double[][] row : x) {
            for (double[] pixel : row) {
                for (int c = 0; c < channels; c++) {
                    y[c] += pixel[c] / (x.length * x[0].length);
                }
            }
        }
        return y;
    }

    /** Keras's Flatten: height, then width, then channels. */
    private static double[] flatten(double[][][] x) {
        return Arrays.stream(x).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream).toArray();
    }

    /** A spatial output as predict returns it: NHWC, i.e. the same order as Keras's Flatten. */
    private static double[] nhwc(double[][][] x) {
        return flatten(x);
    }

    private static double[] dense(double[] x, float[] kernel, float[] bias, int units) {
        double[] y = new double[units];
        for (int o = 0; o < units; o++) {
            double sum = bias[o];
            for (int i = 0; i < x.length; i++) {
                sum += x[i] * kernel[i * units + o];
            }
            y[o] = sum;
        }
        return y;
    }

    private BatchNorm batchNorm(int features, double epsilon) {
        float[] variance = new float[features];
        for (int i = 0; i < features; i++) {
            variance[i] = 0.5f + random.nextFloat();
        }
        float[] gamma = uniform(features);
        for (int i = 0; i < features; i++) {
            gamma[i] += 1f;
        }
        return new BatchNorm(gamma, uniform(features), uniform(features), variance, epsilon);
    }

    /** Batch normalization in inference: (x - moving mean) / sqrt(moving variance + epsilon) * gamma + beta. */
    private record BatchNorm(float[] gamma, float[] beta, float[] mean, float[] variance, double epsilon) {

        List<Tensor> tensors() {
            int n = gamma.length;
            return List.of(tensor(gamma, n), tensor(beta, n), tensor(mean, n), tensor(variance, n));
        }

        double normalize(double value, int feature) {
            return (value - mean[feature]) / Math.sqrt(variance[feature] + epsilon) * gamma[feature] + beta[feature];
        }

        double[] apply(double[] x) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = normalize(x[i], i);
            }
            return y;
        }

        double[][][] apply(double[][][] x) {
            double[][][] y = new double[x.length][x[0].length][x[0][0].length];
            for (int h = 0; h < x.length; h++) {
                for (int w = 0; w < x[0].length; w++) {
                    for (int c = 0; c < x[0][0].length; c++) {
                        y[h][w][c] = normalize(x[h][w][c], c);
                    }
                }
            }
            return y;
        }
    }
}
