package dev.convnet.engine.fit;

import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkTrainerTest {

    private static final String SMALL_CNN = """
            {"inputShape": [8, 8, 1], "layers": [
              {"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "relu"},
              {"type": "maxPooling2d"},
              {"type": "flatten"},
              {"type": "dense", "units": 2, "activation": "softmax"}]}""";

    private final NetworkCompiler compiler = new NetworkCompiler();
    private final NetworkTrainer trainer = new NetworkTrainer(compiler);

    private CompiledNetwork network() {
        var architecture = new DefinitionParser().parse(JsonMapper.builder().build().readTree(SMALL_CNN)).architecture();
        return compiler.compile(architecture, 7);
    }

    private static TrainingSettings settings(OptimizerSettings optimizer, int epochs) {
        return new TrainingSettings(epochs, 16, optimizer, ScheduleSettings.CONSTANT, 7, 0, 0, 0, 1);
    }

    static final class Recorder implements TrainingObserver {
        final List<IterationProgress> iterations = new ArrayList<>();
        final List<EpochResult> epochs = new ArrayList<>();
        int cancelAfterIterations = Integer.MAX_VALUE;

        @Override
        public void onIteration(IterationProgress progress) {
            iterations.add(progress);
        }

        @Override
        public void onEpoch(EpochResult result, CompiledNetwork network) {
            epochs.add(result);
        }

        @Override
        public boolean cancelRequested() {
            return iterations.size() >= cancelAfterIterations;
        }
    }

    @Test
    void learnsALearnableTaskAndReportsHistory() {
        Recorder recorder = new Recorder();
        TrainingOutcome outcome = trainer.train(network(), settings(KerasOptimizers.sgd(0.1), 5),
                InMemoryEpochData.leftOrRight(128, 16, 1), InMemoryEpochData.leftOrRight(64, 16, 2), recorder);

        assertThat(outcome.status()).isEqualTo(TrainingOutcome.Status.COMPLETED);
        assertThat(outcome.history()).hasSize(5);
        assertThat(recorder.iterations).hasSize(5 * 8);
        assertThat(outcome.history().get(4).loss()).isLessThan(outcome.history().get(0).loss());
        assertThat(outcome.history().get(4).validationAccuracy()).isGreaterThan(0.9);
        assertThat(outcome.history().get(4).accuracy()).isGreaterThan(0.9); // running train accuracy from the forward pass
        assertThat(outcome.history().get(0).learningRate()).isEqualTo(0.1);
    }

    @Test
    void rmspropWithKerasDecayLowersTheLearningRateOverIterations() {
        Recorder recorder = new Recorder();
        trainer.train(network(), settings(KerasOptimizers.rmsprop(1e-3, 0.1), 1),
                InMemoryEpochData.leftOrRight(64, 16, 1), null, recorder);
        // lr / (1 + decay * iteration): after 4 iterations 1e-3 / 1.4
        assertThat(recorder.iterations.get(3).learningRate()).isCloseTo(1e-3 / 1.4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void divergingLossFailsAtOnce() {
        Recorder recorder = new Recorder();
        assertThatThrownBy(() -> trainer.train(network(), settings(KerasOptimizers.sgd(1e30), 50),
                InMemoryEpochData.leftOrRight(64, 16, 1), null, recorder))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("diverged");
        assertThat(recorder.epochs.size()).isLessThan(50);
    }

    @Test
    void cancellationStopsWithinOneBatch() {
        Recorder recorder = new Recorder();
        recorder.cancelAfterIterations = 3;
        TrainingOutcome outcome = trainer.train(network(), settings(KerasOptimizers.sgd(0.1), 10),
                InMemoryEpochData.leftOrRight(128, 16, 1), null, recorder);
        assertThat(outcome.status()).isEqualTo(TrainingOutcome.Status.CANCELLED);
        assertThat(recorder.iterations).hasSize(3);
    }

    @Test
    void evaluationReportsConfusionMatrixAndPerClassMetrics() {
        TrainingOutcome outcome = trainer.train(network(), settings(KerasOptimizers.sgd(0.1), 5),
                InMemoryEpochData.leftOrRight(128, 16, 1), null, new Recorder());
        EvaluationReport report = new NetworkEvaluator().evaluate(outcome.network(),
                InMemoryEpochData.leftOrRight(50, 16, 3), List.of("left", "right"), 1);
        assertThat(report.examples()).isEqualTo(50);
        assertThat(java.util.Arrays.stream(report.confusionMatrix()).flatMapToLong(java.util.Arrays::stream).sum()).isEqualTo(50);
        assertThat(report.perClass()).extracting(EvaluationReport.ClassMetrics::support).containsExactly(25L, 25L);
        assertThat(report.accuracy()).isGreaterThan(0.9);
        assertThat(report.topKAccuracy()).isEqualTo(report.accuracy());
    }
}
