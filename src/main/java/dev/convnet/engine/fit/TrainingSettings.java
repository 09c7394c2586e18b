package dev.convnet.engine.fit;

/**
 * How to train: Keras's {@code fit} arguments that the engine needs.
 *
 * @param initialEpoch first epoch to run (0, or the epoch after a checkpoint when resuming)
 * @param earlyStoppingPatience epochs without improvement of the monitored loss before stopping; 0 = off
 * @param earlyStoppingMinDelta smallest decrease that counts as an improvement
 * @param progressEveryIterations how often {@link TrainingObserver#onIteration} is called
 */
public record TrainingSettings(int epochs, int batchSize, OptimizerSettings optimizer, ScheduleSettings schedule,
                               long seed, int initialEpoch, int earlyStoppingPatience, double earlyStoppingMinDelta,
                               int progressEveryIterations) {
}
