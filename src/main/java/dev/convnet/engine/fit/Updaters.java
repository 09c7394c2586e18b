package dev.convnet.engine.fit;

import java.util.List;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.CycleSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** Our optimizer and schedule settings -> DL4J updaters, with Keras's semantics. */
final class Updaters {

    private Updaters() {
    }

    static IUpdater of(OptimizerSettings optimizer, ScheduleSettings schedule, int iterationsPerEpoch, int epochs) {
        ISchedule rate = schedule(optimizer, schedule, iterationsPerEpoch, epochs);
        double lr = optimizer.learningRate();
        switch (optimizer.kind()) {
            case SGD:
                if (optimizer.momentum() == 0) {
                    return rate == null ? new Sgd(lr) : new Sgd(rate);
                }
                if (optimizer.nesterov()) {
                    return rate == null ? new Nesterovs(lr, optimizer.momentum()) : new Nesterovs(rate, optimizer.momentum());
                }
                return new MomentumSgd(lr, rate, optimizer.momentum());
            case RMSPROP:
                RmsProp rmsProp = new RmsProp(lr, optimizer.rho(), optimizer.epsilon());
                rmsProp.setLearningRateSchedule(rate);
                return rmsProp;
            default:
                Adam adam = new Adam(lr, optimizer.beta1(), optimizer.beta2(), optimizer.epsilon());
                adam.setLearningRateSchedule(rate);
                return adam;
        }
    }

    /** AdamW is Adam with decoupled weight decay, which DL4J expresses as a regularization. */
    static List<Regularization> regularization(OptimizerSettings optimizer) {
        return optimizer.kind() == OptimizerSettings.Kind.ADAMW && optimizer.weightDecay() > 0
                ? List.of(new WeightDecay(optimizer.weightDecay(), true)) : List.of();
    }

    private static ISchedule schedule(OptimizerSettings optimizer, ScheduleSettings schedule, int iterationsPerEpoch,
                                      int epochs) {
        double lr = optimizer.learningRate();
        int totalIterations = Math.max(1, iterationsPerEpoch * epochs);
        return switch (schedule.kind()) {
            case CONSTANT -> optimizer.decay() > 0
                    ? new InverseSchedule(ScheduleType.ITERATION, lr, optimizer.decay(), 1.0) : null;
            case STEP -> new StepSchedule(ScheduleType.EPOCH, lr, schedule.gamma(), schedule.stepEpochs());
            case COSINE -> new CosineDecaySchedule(lr, schedule.minLearningRate(), totalIterations);
            // Warm up from lr to the peak and back over 90% of training, then anneal to lr/100.
            case ONE_CYCLE -> new CycleSchedule(ScheduleType.ITERATION, lr, schedule.maxLearningRate(),
                    totalIterations, Math.max(1, totalIterations / 10), 0.01);
        };
    }
}
