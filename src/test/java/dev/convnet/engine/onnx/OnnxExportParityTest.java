package dev.convnet.engine.onnx;

import dev.convnet.common.Tensor;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.dl4j.WeightSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ONNX export loaded in ONNX Runtime answers as DL4J does, to 1e-5 (relative for values above 1): the lesson's
 * presets and random definitions, each with random weights (batch-norm statistics included) on a batch of random
 * NHWC inputs, against both the trained (NCHW) and the serving (NHWC) DL4J networks.
 */
class OnnxExportParityTest {

    private static final float TOLERANCE = 1e-5f;
    private final NetworkCompiler compiler = new NetworkCompiler();

    @ParameterizedTest
    @ValueSource(strings = {"detector", "lenet5", "cifar10-cnn"})
    void everyPresetAnswersAsDl4j(String preset) throws Exception {
        var document = JsonMapper.builder().build().readTree(getClass().getResourceAsStream("/presets/" + preset + ".json"));
        assertSameAnswers(new DefinitionParser().parse(document).architecture(), preset.hashCode());
    }

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomDefinitionsAnswerAsDl4j(long seed) {
        assertSameAnswers(RandomDefinitions.draw(seed), seed);
    }

    @Test
    void aSoftmaxOverASpatialTensorIsRefusedNamingTheLayer() throws Exception {
        var document = JsonMapper.builder().build().readTree("""
                {"inputShape": [4, 4, 1], "layers": [{"type": "conv2d", "filters": 3, "kernelSize": 1},
                 {"type": "activation", "activation": "softmax"}]}""");
        Architecture architecture = new DefinitionParser().parse(document).architecture();
        CompiledNetwork network = compiler.compile(architecture, 1);

        assertThatThrownBy(() -> OnnxModelWriter.write(architecture, network.kerasWeights(), "test"))
                .isInstanceOf(OnnxExportException.class)
                .hasMessageContaining("layer 1 ('activation')").hasMessageContaining("spatial tensor (None, 4, 4, 3)");
    }

    private void assertSameAnswers(Architecture architecture, long seed) {
        Random random = new Random(seed);
        CompiledNetwork trained = compiler.compile(architecture, seed);
        trained.setKerasWeights(randomWeights(trained.weightSlots(), random));
        CompiledNetwork serving = compiler.forServing(trained);
        var shape = architecture.definition().inputShape();
        float[] pixels = new float[3 * shape.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        Tensor inputs = new Tensor(new int[] {3, shape.height(), shape.width(), shape.channels()}, pixels);

        byte[] model = OnnxModelWriter.write(architecture, trained.kerasWeights(), "test");
        try (OnnxRuntimeNetwork onnx = OnnxRuntimeNetwork.open(model, shape, 1)) {
            Tensor expected = serving.predict(inputs);
            Tensor actual = onnx.predict(inputs);
            String description = architecture.layers().stream().map(l -> l.layer().toString()).toList().toString();
            assertThat(actual.shape()).as(description).isEqualTo(expected.shape());
            assertClose(actual, expected, "serving NHWC " + description);
            assertClose(actual, trained.predict(inputs), "trained NCHW " + description);
        }
    }

    private static void assertClose(Tensor actual, Tensor expected, String description) {
        for (int i = 0; i < expected.data().length; i++) {
            float tolerance = TOLERANCE * Math.max(1f, Math.abs(expected.data()[i]));
            assertThat(Math.abs(actual.data()[i] - expected.data()[i]))
                    .as("value %d: ONNX %s, DL4J %s; %s", i, actual.data()[i], expected.data()[i], description)
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    /** Glorot-scaled kernels, and biases and batch-norm statistics far from their initial 0 and 1. */
    static List<Tensor> randomWeights(List<WeightSlot> slots, Random random) {
        List<Tensor> weights = new ArrayList<>();
        for (WeightSlot slot : slots) {
            int size = 1;
            for (int d : slot.shape()) {
                size *= d;
            }
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = switch (slot.role()) {
                    case "kernel" -> {
                        int[] s = slot.shape();
                        int fanIn = size / s[s.length - 1];
                        float limit = (float) Math.sqrt(6.0 / (fanIn + s[s.length - 1]));
                        yield (random.nextFloat() * 2 - 1) * limit;
                    }
                    case "gamma", "moving_variance" -> 0.5f + random.nextFloat();
                    default -> (random.nextFloat() - 0.5f) * 0.4f; // bias, beta, moving_mean
                };
            }
            weights.add(new Tensor(slot.shape(), values));
        }
        return weights;
    }
}
