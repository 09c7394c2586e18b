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
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;

/** The oneDNN tanh computes DL4J's tanh, and model files never name it. */
class OneDnnTanHTest {

    private final NetworkCompiler compiler = new NetworkCompiler();

    @Test
    void computesWhatDl4jsTanhComputes() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 6, 7, 7).subi(0.5).muli(8);

        INDArray expected = new ActivationTanH().getActivation(x.dup(), true);
        INDArray actual = new OneDnnTanH().getActivation(x.dup(), true);

        assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(actual.maxNumber().doubleValue()).isGreaterThan(0.99).isLessThanOrEqualTo(1.0);
        assertThat(actual.minNumber().doubleValue()).isLessThan(-0.99).isGreaterThanOrEqualTo(-1.0);
    }

    @Test
    void worksInPlaceOnAView() {
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.FLOAT, 10, 12).subi(0.5).muli(6);
        INDArray view = x.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 9));
        INDArray expected = new ActivationTanH().getActivation(view.dup(), true);
        INDArray untouched = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).dup();

        new OneDnnTanH().getActivation(view, true);

        assertThat(view.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))).isEqualTo(untouched);
    }

    @Test
    void equalsDl4jsTanhBothWays() {
        // Dl4jModelReader maps a DL4J file's activation to a Keras name by equality with ours
        assertThat(new OneDnnTanH()).isEqualTo(new ActivationTanH());
        assertThat(new ActivationTanH()).isEqualTo(new OneDnnTanH());
        assertThat(new OneDnnTanH()).hasToString(new ActivationTanH().toString());
    }

    @Test
    void modelFilesNameOnlyDl4jsClassesAndReadBackAsOneDnn() throws Exception {
        Architecture lenet = PresetNetworks.preset("lenet5");
        CompiledNetwork network = compiler.compile(lenet, 3);
        assertThat(PresetNetworks.activations(network.network())).hasAtLeastOneElementOfType(OneDnnTanH.class);

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        network.writeTo(file);
        ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
        network.writeCheckpointTo(checkpoint);

        for (byte[] bytes : List.of(file.toByteArray(), checkpoint.toByteArray())) {
            MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
            assertThat(plain.getLayerWiseConfigurations().toJson()).contains(ActivationTanH.class.getName())
                    .doesNotContain("OneDnnTanH");
        }
        assertThat(PresetNetworks.activations(network.network())).as("the live network keeps its own").hasAtLeastOneElementOfType(OneDnnTanH.class);

        CompiledNetwork restored = compiler.restore(lenet, new ByteArrayInputStream(file.toByteArray()));
        assertThat(PresetNetworks.activations(restored.network())).hasAtLeastOneElementOfType(OneDnnTanH.class)
                .noneMatch(fn -> fn.getClass() == ActivationTanH.class);
        Tensor digits = randomDigits();
        assertThat(restored.predict(digits).data()).containsExactly(network.predict(digits).data());
    }

    private static Tensor randomDigits() {
        float[] pixels = new float[2 * 28 * 28];
        Random random = new Random(8);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return new Tensor(new int[] {2, 28, 28, 1}, pixels);
    }
}
