package dev.convnet.engine.dl4j;

import dev.convnet.common.Tensor;
import dev.convnet.definition.Architecture;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Activation layers folded into the conv/dense layer before them: same function, same weights, fewer layers. */
class FoldedActivationsTest {

    private final NetworkCompiler compiler = new NetworkCompiler();

    private static CompiledNetwork unfolded(Architecture architecture) {
        return UnfoldedNetworks.compile(architecture, 42);
    }

    @Test
    void theCifarCnnKeepsOnlyItsLastActivationLayer() throws Exception {
        Architecture cifar = PresetNetworks.preset("cifar10-cnn");
        long activationLayers = cifar.layers().stream()
                .filter(layer -> layer.layer() instanceof dev.convnet.definition.LayerSpec.ActivationLayer).count();

        MultiLayerNetwork folded = compiler.compile(cifar, 42).network();
        MultiLayerNetwork plain = unfolded(cifar).network();

        assertThat(activationLayers).isEqualTo(6);
        assertThat(plain.getnLayers() - folded.getnLayers()).isEqualTo(5); // the softmax becomes the loss layer
        for (int i = 0; i < folded.getnLayers(); i++) {
            assertThat(folded.getLayer(i).conf().getLayer()).isNotInstanceOf(ActivationLayer.class);
        }
        assertThat(folded.numParams()).isEqualTo(plain.numParams()).isEqualTo(cifar.totalParams());
    }

    @Test
    void foldedAndUnfoldedNetworksComputeTheSameOutputsAndTrainingStepFromTheSameKerasWeights() throws Exception {
        Architecture cifar = PresetNetworks.preset("cifar10-cnn");
        CompiledNetwork folded = compiler.compile(cifar, 7);
        CompiledNetwork plain = unfolded(cifar); // also how networks stored before folding load
        plain.setKerasWeights(folded.kerasWeights());
        float[] images = new float[4 * 32 * 32 * 3];
        Random random = new Random(3);
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat();
        }
        Tensor input = new Tensor(new int[] {4, 32, 32, 3}, images);

        Tensor a = folded.predict(input);
        Tensor b = plain.predict(input);
        for (int i = 0; i < a.data().length; i++) {
            assertThat(a.data()[i]).isCloseTo(b.data()[i], within(1e-5f));
        }

        INDArray nchw = Nd4j.create(images, new long[] {4, 32, 32, 3}, 'c').permute(0, 3, 1, 2).dup('c');
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 10);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i, 1f);
        }
        Nd4j.getRandom().setSeed(11); // the same dropout masks for both
        folded.network().fit(new DataSet(nchw, labels));
        Nd4j.getRandom().setSeed(11);
        plain.network().fit(new DataSet(nchw, labels));
        List<Tensor> trainedFolded = folded.kerasWeights();
        List<Tensor> trainedPlain = plain.kerasWeights();
        for (int w = 0; w < trainedFolded.size(); w++) {
            float[] x = trainedFolded.get(w).data();
            float[] y = trainedPlain.get(w).data();
            for (int i = 0; i < x.length; i++) {
                assertThat(x[i]).as("weight array %d element %d", w, i).isCloseTo(y[i], within(1e-5f + 1e-4f * Math.abs(y[i])));
            }
        }
    }
}
