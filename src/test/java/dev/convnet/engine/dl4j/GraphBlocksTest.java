package dev.convnet.engine.dl4j;

import dev.convnet.common.Tensor;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Forward outputs of the graph building blocks for hand-set weights in Keras's layouts, against the arithmetic
 * Keras documents for them: Add and Concatenate of two known convs, DepthwiseConv2D and SeparableConv2D against a
 * direct loop over the kernel.
 */
class GraphBlocksTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final NetworkCompiler compiler = new NetworkCompiler();

    private CompiledNetwork compile(String definition) {
        Architecture architecture = new DefinitionParser().parse(JSON.readTree(definition)).architecture();
        return compiler.compile(architecture, 7);
    }

    @Test
    void addAndConcatenateOfTwoKnownConvs() throws Exception {
        CompiledNetwork network = compile("""
                {"name": "merge", "inputShape": [3, 3, 1], "layers": [
                  {"type": "conv2d", "name": "a", "filters": 1, "kernelSize": 1, "inputs": ["input"]},
                  {"type": "conv2d", "name": "b", "filters": 1, "kernelSize": 1, "inputs": ["input"]},
                  {"type": "add", "name": "sum", "inputs": ["a", "b"]},
                  {"type": "concatenate", "name": "joined", "inputs": ["sum", "a"]}]}""");
        assertThat(network.architecture().definition().isGraph()).isTrue();
        network.setKerasWeights(List.of(
                new Tensor(new int[] {1, 1, 1, 1}, new float[] {2f}), new Tensor(new int[] {1}, new float[] {0f}),
                new Tensor(new int[] {1, 1, 1, 1}, new float[] {3f}), new Tensor(new int[] {1}, new float[] {1f})));
        float[] image = {0, 1, 2, 3, 4, 5, 6, 7, 8};

        Tensor output = network.predict(new Tensor(new int[] {1, 3, 3, 1}, image));

        assertThat(output.shape()).containsExactly(1, 3, 3, 2);
        for (int pixel = 0; pixel < 9; pixel++) {
            assertThat(output.data()[pixel * 2]).isEqualTo(5 * image[pixel] + 1); // add: 2x + (3x + 1)
            assertThat(output.data()[pixel * 2 + 1]).isEqualTo(2 * image[pixel]); // concatenated after: a
        }
        // stored and read back, the graph gives the same outputs
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        network.writeTo(file);
        CompiledNetwork restored = compiler.restore(network.architecture(), new ByteArrayInputStream(file.toByteArray()));
        assertThat(restored.predict(new Tensor(new int[] {1, 3, 3, 1}, image)).data()).containsExactly(output.data());
        assertThat(restored.kerasWeights().get(2).data()).containsExactly(3f);
    }

    @Test
    void depthwiseConvMatchesADirectLoop() {
        int height = 4, width = 5, channels = 2, multiplier = 3, kernel = 3;
        CompiledNetwork network = compile("""
                {"inputShape": [4, 5, 2], "layers": [
                  {"type": "depthwiseConv2d", "kernelSize": 3, "depthMultiplier": 3, "padding": "same"}]}""");
        Random random = new Random(3);
        float[] weights = randoms(random, kernel * kernel * channels * multiplier);
        float[] bias = randoms(random, channels * multiplier);
        network.setKerasWeights(List.of(new Tensor(new int[] {kernel, kernel, channels, multiplier}, weights),
                new Tensor(new int[] {channels * multiplier}, bias)));
        float[] image = randoms(random, height * width * channels);

        Tensor output = network.predict(new Tensor(new int[] {1, height, width, channels}, image));

        assertThat(output.shape()).containsExactly(1, height, width, channels * multiplier);
        float[] expected = depthwise(image, height, width, channels, weights, kernel, multiplier, bias);
        for (int i = 0; i < expected.length; i++) {
            assertThat(output.data()[i]).as("output %d", i).isCloseTo(expected[i], within(1e-4f));
        }
        assertThat(network.kerasWeights().get(0).data()).containsExactly(weights);
    }

    @Test
    void separableConvIsDepthwiseThenPointwise() {
        int height = 4, width = 4, channels = 3, multiplier = 2, kernel = 3, filters = 4;
        CompiledNetwork network = compile("""
                {"inputShape": [4, 4, 3], "layers": [
                  {"type": "separableConv2d", "filters": 4, "kernelSize": 3, "depthMultiplier": 2, "padding": "same"}]}""");
        assertThat(network.architecture().totalParams()).isEqualTo(3 * 3 * 3 * 2 + 6 * 4 + 4);
        Random random = new Random(5);
        float[] depthwiseKernel = randoms(random, kernel * kernel * channels * multiplier);
        float[] pointwiseKernel = randoms(random, channels * multiplier * filters);
        float[] bias = randoms(random, filters);
        network.setKerasWeights(List.of(new Tensor(new int[] {kernel, kernel, channels, multiplier}, depthwiseKernel),
                new Tensor(new int[] {1, 1, channels * multiplier, filters}, pointwiseKernel),
                new Tensor(new int[] {filters}, bias)));
        float[] image = randoms(random, height * width * channels);

        Tensor output = network.predict(new Tensor(new int[] {1, height, width, channels}, image));

        float[] depthwise = depthwise(image, height, width, channels, depthwiseKernel, kernel, multiplier,
                new float[channels * multiplier]);
        int mid = channels * multiplier;
        for (int pixel = 0; pixel < height * width; pixel++) {
            for (int f = 0; f < filters; f++) {
                float sum = bias[f];
                for (int c = 0; c < mid; c++) {
                    sum += depthwise[pixel * mid + c] * pointwiseKernel[c * filters + f];
                }
                assertThat(output.data()[pixel * filters + f]).as("pixel %d filter %d", pixel, f).isCloseTo(sum, within(1e-4f));
            }
        }
        assertThat(network.kerasWeights().get(0).data()).containsExactly(depthwiseKernel);
        assertThat(network.kerasWeights().get(1).data()).containsExactly(pointwiseKernel);
    }

    /** Keras's DepthwiseConv2D, 'same' padding, stride 1: output channel c * multiplier + m. */
    private static float[] depthwise(float[] image, int height, int width, int channels, float[] kernel, int size,
                                     int multiplier, float[] bias) {
        float[] out = new float[height * width * channels * multiplier];
        int pad = (size - 1) / 2;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    for (int m = 0; m < multiplier; m++) {
                        float sum = bias[c * multiplier + m];
                        for (int ky = 0; ky < size; ky++) {
                            for (int kx = 0; kx < size; kx++) {
                                int iy = y + ky - pad, ix = x + kx - pad;
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                                    sum += image[(iy * width + ix) * channels + c]
                                            * kernel[((ky * size + kx) * channels + c) * multiplier + m];
                                }
                            }
                        }
                        out[((y * width + x) * channels + c) * multiplier + m] = sum;
                    }
                }
            }
        }
        return out;
    }

    private static float[] randoms(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
