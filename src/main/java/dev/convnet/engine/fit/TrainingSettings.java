package dev.convnet.engine.fit;

/**
 * How to train: Keras's {@code fit} arguments that the engine needs.
 *
 * @param initialEpoch first epoch to run (0, or the epoch after a checkpoint when resuming)
 * @param earlyStoppingPatience epochs without improvement of the monitored loss before stopping; 0 = off
 * @param earlyStoppingMinDelta smallest decrease that counts as an improvement
 * @param progressEveryIterations how often {@link TrainingObserver#onIteration} is called
 * @param labelSmoothing Keras's {@code CategoricalCrossentropy(label_smoothing=a)}: targets become
 *                       {@code y * (1 - a) + a / K}, for the training and the validation loss; 0 = off
 */
public record TrainingSettings(int epochs, int batchSize, OptimizerSettings optimizer, ScheduleSettings schedule,
                               long seed, int initialEpoch, int earlyStoppingPatience, double earlyStoppingMinDelta,
                               int progressEveryIterations, double labelSmoothing) {

    public TrainingSettings {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1), got " + labelSmoothing);
        }
    }

    /** Settings without label smoothing. */
    public TrainingSettings(int epochs, int batchSize, OptimizerSettings optimizer, ScheduleSettings schedule, long seed,
                            int initialEpoch, int earlyStoppingPatience, double earlyStoppingMinDelta,
                            int progressEveryIterations) {
        this(epochs, batchSize, optimizer, schedule, seed, initialEpoch, earlyStoppingPatience, earlyStoppingMinDelta,
                progressEveryIterations, 0);
    }

    /** The same settings, resuming at {@code epoch}. */
    public TrainingSettings startingAt(int epoch) {
        return new TrainingSettings(epochs, batchSize, optimizer, schedule, seed, epoch, earlyStoppingPatience,
                earlyStoppingMinDelta, progressEveryIterations, labelSmoothing);
    }
}
