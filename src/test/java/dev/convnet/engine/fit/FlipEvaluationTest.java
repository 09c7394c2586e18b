package dev.convnet.engine.fit;

import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;
import static org.assertj.core.data.Offset.offset;

/** Evaluation with test-time flipping scores the mean of two explicit predictions: the images and their mirrors. */
class FlipEvaluationTest {

    private static final String CNN = """
            {"inputShape": [6, 5, 2], "layers": [
              {"type": "conv2d", "filters": 3, "kernelSize": 3, "activation": "relu"},
              {"type": "flatten"},
              {"type": "dense", "units": 4, "activation": "softmax"}]}""";

    @Test
    void lossAndAccuracyAreThoseOfTheMeanOfTheImagesAndTheirMirrorsPredictions() {
        NetworkCompiler compiler = new NetworkCompiler();
        CompiledNetwork network = compiler.compile(new DefinitionParser().parse(JsonMapper.builder().build().readTree(CNN))
                .architecture(), 5);
        int count = 40;
        float[][] x = new float[count][2 * 6 * 5];
        float[][] y = new float[count][4];
        Random random = new Random(1);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < x[i].length; p++) {
                x[i][p] = random.nextFloat();
            }
            y[i][random.nextInt(4)] = 1;
        }
        // explicit: predict the NCHW images, then their mirrors (width reversed), and average
        INDArray images = Nd4j.createFromArray(x).reshape(count, 2, 6, 5);
        INDArray mirrors = Nd4j.create(images.shape());
        for (int column = 0; column < 5; column++) {
            mirrors.get(all(), all(), all(), point(4 - column)).assign(images.get(all(), all(), all(), point(column)));
        }
        assertThat(mirrors.getFloat(0, 1, 2, 0)).isEqualTo(images.getFloat(0, 1, 2, 4));
        double[][] plain = network.network().output(images, false).toDoubleMatrix();
        double[][] mirrored = network.network().output(mirrors, false).toDoubleMatrix();
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < count; i++) {
            int best = 0;
            for (int k = 0; k < 4; k++) {
                double mean = (plain[i][k] + mirrored[i][k]) / 2;
                loss -= y[i][k] * Math.log(mean);
                best = mean > (plain[i][best] + mirrored[i][best]) / 2 ? k : best;
            }
            correct += y[i][best] == 1 ? 1 : 0;
        }
        List<String> classes = List.of("a", "b", "c", "d");

        EvaluationReport flipped = new NetworkEvaluator().evaluate(network, new InMemoryEpochData(x, y, 16), classes, 2, true);
        EvaluationReport straight = new NetworkEvaluator().evaluate(network, new InMemoryEpochData(x, y, 16), classes, 2, false);

        assertThat(flipped.testTimeFlip()).isTrue();
        assertThat(flipped.examples()).isEqualTo(count);
        assertThat(flipped.loss()).isCloseTo(loss / count, offset(1e-5));
        assertThat(flipped.accuracy()).isEqualTo(correct / (double) count);
        assertThat(straight.testTimeFlip()).isFalse();
        assertThat(straight.loss()).isNotCloseTo(flipped.loss(), offset(1e-6)); // the mirror does change the scores
    }
}
