package dev.convnet.engine.fit;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Optimizers and schedules carry Keras's meaning. */
class UpdatersTest {

    private static final int PER_EPOCH = 10;

    private static OptimizerSettings sgd(double lr, double momentum, boolean nesterov) {
        return new OptimizerSettings(OptimizerSettings.Kind.SGD, lr, momentum, nesterov, 0.9, 0, 0.9, 0.999, 1e-7, 0);
    }

    @Test
    void stepScheduleMultipliesByGammaEveryStepEpochs() {
        IUpdater updater = Updaters.of(sgd(0.1, 0, false), new ScheduleSettings(ScheduleSettings.Kind.STEP, 2, 0.5, 0, 0), PER_EPOCH, 6);
        assertThat(updater.getLearningRate(0, 0)).isCloseTo(0.1, offset(1e-12));
        assertThat(updater.getLearningRate(15, 1)).isCloseTo(0.1, offset(1e-12));
        assertThat(updater.getLearningRate(25, 2)).isCloseTo(0.05, offset(1e-12));
        assertThat(updater.getLearningRate(45, 4)).isCloseTo(0.025, offset(1e-12));
    }

    @Test
    void cosineDecaysFromTheRateToTheFloorOverTraining() {
        IUpdater updater = Updaters.of(sgd(0.1, 0, false), new ScheduleSettings(ScheduleSettings.Kind.COSINE, 0, 1, 0.001, 0), PER_EPOCH, 4);
        assertThat(updater.getLearningRate(0, 0)).isCloseTo(0.1, offset(1e-12));
        assertThat(updater.getLearningRate(20, 2)).isCloseTo(0.001 + 0.5 * 0.099, offset(1e-12));
        assertThat(updater.getLearningRate(40, 4)).isCloseTo(0.001, offset(1e-12));
    }

    @Test
    void oneCycleRisesToThePeakAndComesBack() {
        IUpdater updater = Updaters.of(sgd(0.01, 0, false), new ScheduleSettings(ScheduleSettings.Kind.ONE_CYCLE, 0, 1, 0, 0.1), PER_EPOCH, 10);
        double start = updater.getLearningRate(0, 0);
        double peak = 0;
        for (int i = 0; i < 100; i++) {
            peak = Math.max(peak, updater.getLearningRate(i, i / PER_EPOCH));
        }
        assertThat(start).isCloseTo(0.01, offset(1e-6));
        assertThat(peak).isCloseTo(0.1, offset(0.005));
        assertThat(updater.getLearningRate(99, 9)).isLessThan(0.01);
    }

    @Test
    void kerasTimeBasedDecayIsAnInverseSchedule() {
        IUpdater updater = Updaters.of(KerasOptimizers.rmsprop(1e-4, 1e-6), ScheduleSettings.CONSTANT, PER_EPOCH, 1);
        assertThat(updater).isInstanceOf(RmsProp.class);
        assertThat(updater.getLearningRate(1_000_000, 0)).isCloseTo(1e-4 / 2, offset(1e-12));
    }

    @Test
    void momentumWithoutNesterovIsKerasClassicalMomentum() {
        IUpdater updater = Updaters.of(sgd(0.1, 0.9, false), ScheduleSettings.CONSTANT, PER_EPOCH, 1);
        assertThat(updater).isInstanceOf(MomentumSgd.class);
        assertThat(Updaters.of(sgd(0.1, 0.9, true), ScheduleSettings.CONSTANT, PER_EPOCH, 1)).isInstanceOf(Nesterovs.class);

        INDArray state = Nd4j.zeros(1, 2);
        GradientUpdater<?> gradientUpdater = updater.instantiate(state, true);
        // Keras: v = 0.9 v - 0.1 g; w += v. DL4J subtracts the returned update, so it must be -v.
        INDArray g1 = Nd4j.createFromArray(new float[][] {{1f, -2f}});
        gradientUpdater.applyUpdater(g1, 0, 0);
        assertThat(g1.toFloatVector()).containsExactly(new float[] {0.1f, -0.2f}, org.assertj.core.data.Offset.offset(1e-7f));
        INDArray g2 = Nd4j.createFromArray(new float[][] {{1f, -2f}});
        gradientUpdater.applyUpdater(g2, 1, 0);
        // v2 = 0.9 * (-0.1, 0.2) - 0.1 * (1, -2) = (-0.19, 0.38)
        assertThat(g2.toFloatVector()).containsExactly(new float[] {0.19f, -0.38f}, org.assertj.core.data.Offset.offset(1e-6f));
    }
}
