package dev.convnet.engine.fit;

import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Label smoothing against Keras's {@code CategoricalCrossentropy(label_smoothing=a)} written out by hand. */
class LabelSmoothingTest {

    private static final String THREE_CLASSES = """
            {"inputShape": [4, 4, 1], "layers": [
              {"type": "flatten"},
              {"type": "dense", "units": 3, "activation": "softmax"}]}""";

    private final NetworkCompiler compiler = new NetworkCompiler();

    /**
     * Keras: {@code y_true = y_true * (1 - a) + a / K}; {@code y_pred} clipped to [1e-7, 1 - 1e-7};
     * loss = mean over the batch of {@code -sum(y_true * log(y_pred))}.
     */
    private static double kerasLoss(float[][] oneHot, double[][] predicted, double alpha) {
        double total = 0;
        for (int i = 0; i < oneHot.length; i++) {
            int classes = oneHot[i].length;
            for (int k = 0; k < classes; k++) {
                double target = oneHot[i][k] * (1 - alpha) + alpha / classes;
                double p = Math.min(Math.max(predicted[i][k], 1e-7), 1 - 1e-7);
                total -= target * Math.log(p);
            }
        }
        return total / oneHot.length;
    }

    @Test
    void smoothsOneHotTargetsAsKerasDoes() {
        INDArray labels = Nd4j.createFromArray(new float[][] {{0, 1, 0}, {0, 0, 1}});
        LabelSmoothing.apply(labels, 0.1);
        assertThat(labels.toFloatMatrix()).isDeepEqualTo(new float[][] {
                {0.1f / 3, 0.9f + 0.1f / 3, 0.1f / 3}, {0.1f / 3, 0.1f / 3, 0.9f + 0.1f / 3}});
        // a = 0 leaves the targets as they are
        INDArray hard = Nd4j.createFromArray(new float[][] {{1, 0}});
        assertThat(LabelSmoothing.apply(hard, 0).toFloatMatrix()).isDeepEqualTo(new float[][] {{1, 0}});
    }

    @Test
    void theKerasFormulaOnAKnownBatchGivesTheKnownValue() {
        // Keras's own example batch; with a = 0 it prints 1.177 (its docs); smoothing raises the loss of
        // confident correct predictions: by hand, row 1 = -(0.0333 ln 0.05 + 0.9333 ln 0.95 + 0.0333 ln 1e-7) = 0.6845,
        // row 2 = -(0.0333 ln 0.1 + 0.0333 ln 0.8 + 0.9333 ln 0.1) = 2.2336
        float[][] yTrue = {{0, 1, 0}, {0, 0, 1}};
        double[][] yPred = {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}};
        assertThat(kerasLoss(yTrue, yPred, 0)).isCloseTo(1.177, offset(1e-3));
        assertThat(kerasLoss(yTrue, yPred, 0.1)).isCloseTo((0.6845 + 2.2336) / 2, offset(1e-3));
    }

    @Test
    void theTrainingLossOfABatchIsKerasSmoothedCrossEntropyOfThePredictionsBeforeTheStep() {
        float[][] x = new float[12][16];
        float[][] y = new float[12][3];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            for (int p = 0; p < 16; p++) {
                x[i][p] = random.nextFloat();
            }
            y[i][i % 3] = 1;
        }
        CompiledNetwork network = compiler.compile(new DefinitionParser().parse(JsonMapper.builder().build()
                .readTree(THREE_CLASSES)).architecture(), 11);
        double[][] before = predictions(network, x);

        double alpha = 0.2;
        TrainingSettings settings = new TrainingSettings(1, 12, KerasOptimizers.sgd(0.5), ScheduleSettings.CONSTANT, 7, 0, 0,
                0, 1, alpha);
        TrainingOutcome outcome = new NetworkTrainer(compiler).train(network, settings, new InMemoryEpochData(x, y, 12),
                new InMemoryEpochData(x, y, 12), new NetworkTrainerTest.Recorder());

        EpochResult epoch = outcome.history().get(0);
        assertThat(epoch.loss()).isCloseTo(kerasLoss(y, before, alpha), offset(1e-5));
        assertThat(epoch.loss()).isGreaterThan(kerasLoss(y, before, 0)); // smoothing is not a no-op here
        // validation uses the same smoothed loss, on the weights after the step
        assertThat(epoch.validationLoss()).isCloseTo(kerasLoss(y, predictions(outcome.network(), x), alpha), offset(1e-5));
    }

    @Test
    void refusesASmoothingOutsideZeroToOne() {
        assertThatThrownBy(() -> new TrainingSettings(1, 1, KerasOptimizers.sgd(0.1), ScheduleSettings.CONSTANT, 1, 0, 0, 0, 1, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labelSmoothing");
    }

    private static double[][] predictions(CompiledNetwork network, float[][] x) {
        INDArray input = Nd4j.createFromArray(x).reshape(x.length, 1, 4, 4);
        return network.network().output(input, false).toDoubleMatrix();
    }
}
