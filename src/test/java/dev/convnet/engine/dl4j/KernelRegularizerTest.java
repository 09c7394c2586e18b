package dev.convnet.engine.dl4j;

import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionParser;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Keras's {@code kernel_regularizer=L2(l2)} adds {@code l2 * sum(kernel^2)} to the loss, and so
 * {@code 2 * l2 * kernel} to the kernel's gradient; the compiled network must do the same, on kernels only.
 */
class KernelRegularizerTest {

    private static final double L2 = 0.01;

    private static CompiledNetwork network(String regularizer) {
        String definition = """
                {"inputShape": [4, 4, 1], "layers": [
                  {"type": "conv2d", "filters": 2, "kernelSize": 3, "activation": "relu", "kernelRegularizer": %s},
                  {"type": "flatten"},
                  {"type": "dense", "units": 3, "activation": "softmax", "kernelRegularizer": %s}]}"""
                .formatted(regularizer, regularizer);
        Architecture architecture = new DefinitionParser().parse(JsonMapper.builder().build().readTree(definition)).architecture();
        return new NetworkCompiler().compile(architecture, 11);
    }

    @Test
    void lossAndGradientGainWhatKerasAdds() {
        CompiledNetwork plain = network("null");
        CompiledNetwork regularized = network("{\"class_name\": \"L2\", \"config\": {\"l2\": " + L2 + "}}");
        regularized.setKerasWeights(plain.kerasWeights());
        INDArray features = Nd4j.rand(DataType.FLOAT, 5, 1, 4, 4);
        INDArray labels = Nd4j.eye(3).getRows(0, 1, 2, 0, 1).castTo(DataType.FLOAT);
        DataSet data = new DataSet(features, labels);

        plain.network().setInput(features);
        plain.network().setLabels(labels);
        plain.network().computeGradientAndScore();
        regularized.network().setInput(features);
        regularized.network().setLabels(labels);
        regularized.network().computeGradientAndScore();

        INDArray convKernel = plain.network().getLayer(0).getParam("W");
        INDArray denseKernel = plain.network().getLayer(1).getParam("W");
        double sumOfSquares = convKernel.norm2Number().doubleValue() * convKernel.norm2Number().doubleValue()
                + denseKernel.norm2Number().doubleValue() * denseKernel.norm2Number().doubleValue();
        assertThat(regularized.network().score() - plain.network().score()).isCloseTo(L2 * sumOfSquares, within(1e-5));
        assertThat(regularized.network().score(data, false)).isGreaterThan(plain.network().score(data, false));

        // DL4J applies regularization in the updater step; one plain-SGD step moves a kernel by lr * (gradient + 2*l2*w)
        INDArray before = regularized.network().getLayer(1).getParam("W").dup();
        plain.network().fit(data);
        regularized.network().fit(data);
        INDArray plainStep = plain.network().getLayer(1).getParam("W").sub(before);
        INDArray regularizedStep = regularized.network().getLayer(1).getParam("W").sub(before);
        double learningRate = 0.01; // NetworkCompiler.DEFAULT_UPDATER
        INDArray decay = regularizedStep.sub(plainStep);
        INDArray expected = before.mul(-learningRate * 2 * L2);
        assertThat(decay.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
        // biases are not regularized
        INDArray biasDecay = regularized.network().getLayer(1).getParam("b").sub(plain.network().getLayer(1).getParam("b"));
        assertThat(biasDecay.amaxNumber().doubleValue()).isLessThan(1e-7);
    }
}
