package dev.convnet.engine.dl4j;

import dev.convnet.common.Tensor;
import dev.convnet.definition.Architecture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/** The masked ReLU's backward pass is DL4J's, above and below the size where it switches, and files never name it. */
class MaskedReLUTest {

    private final NetworkCompiler compiler = new NetworkCompiler();

    @Test
    void backpropIsDl4jsOnConvOutputsAndDenseOutputs() {
        Nd4j.getRandom().setSeed(5);
        for (long[] shape : List.of(new long[] {8, 32, 30, 30}, new long[] {32, 512})) {
            INDArray preOutput = Nd4j.randn(DataType.FLOAT, shape);
            preOutput.putScalar(0, 0.0); // the derivative at 0 is relu_bp's: 0
            INDArray gradient = Nd4j.randn(DataType.FLOAT, shape);

            INDArray expected = new ActivationReLU().backprop(preOutput.dup(), gradient.dup()).getFirst();
            INDArray actual = new MaskedReLU().backprop(preOutput.dup(), gradient.dup()).getFirst();

            assertThat(actual).as("shape %s", java.util.Arrays.toString(shape)).isEqualTo(expected);
            assertThat(actual.getDouble(0)).isZero();
            // half the units pass the gradient: the mask is neither all ones nor all zeros
            assertThat(actual.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue()).isBetween(0.4, 0.6);
        }
        assertThat(8L * 32 * 30 * 30).isGreaterThanOrEqualTo(MaskedReLU.MASK_FROM_LENGTH);
        assertThat(32L * 512).isLessThan(MaskedReLU.MASK_FROM_LENGTH);
    }

    @Test
    void equalsDl4jsReluBothWays() {
        assertThat(new MaskedReLU()).isEqualTo(new ActivationReLU());
        assertThat(new ActivationReLU()).isEqualTo(new MaskedReLU());
        assertThat(new MaskedReLU()).hasToString(new ActivationReLU().toString());
    }

    @Test
    void onlyPlainReluIsReplaced() {
        assertThat(MaskedReLU.isPlain(new ActivationReLU())).isTrue();
        assertThat(MaskedReLU.isPlain(new ActivationReLU(6.0, 0.0, 0.0))).isFalse();
        assertThat(MaskedReLU.isPlain(new ActivationReLU(null, 0.5, 0.0))).isFalse();
        assertThat(MaskedReLU.isPlain(new ActivationReLU(null, 0.0, 0.1))).isFalse();
    }

    @Test
    void modelFilesNameOnlyDl4jsClassesAndReadBackAsMasked() throws Exception {
        Architecture cifar = PresetNetworks.preset("cifar10-cnn");
        CompiledNetwork network = compiler.compile(cifar, 3);
        assertThat(PresetNetworks.activations(network.network())).hasAtLeastOneElementOfType(MaskedReLU.class);

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        network.writeTo(file);
        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(file.toByteArray()), false);
        assertThat(plain.getLayerWiseConfigurations().toJson()).contains(ActivationReLU.class.getName())
                .doesNotContain("MaskedReLU");
        assertThat(PresetNetworks.activations(network.network())).as("the live network keeps its own").hasAtLeastOneElementOfType(MaskedReLU.class);

        CompiledNetwork restored = compiler.restore(cifar, new ByteArrayInputStream(file.toByteArray()));
        assertThat(PresetNetworks.activations(restored.network())).hasAtLeastOneElementOfType(MaskedReLU.class)
                .noneMatch(fn -> fn.getClass() == ActivationReLU.class);
        Tensor photos = randomPhotos();
        assertThat(restored.predict(photos).data()).containsExactly(network.predict(photos).data());
    }

    private static Tensor randomPhotos() {
        float[] pixels = new float[2 * 32 * 32 * 3];
        Random random = new Random(8);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return new Tensor(new int[] {2, 32, 32, 3}, pixels);
    }
}
