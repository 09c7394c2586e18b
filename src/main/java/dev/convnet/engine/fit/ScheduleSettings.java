package dev.convnet.engine.fit;

/**
 * A learning-rate schedule on top of the optimizer's rate.
 *
 * @param stepEpochs STEP: multiply by {@code gamma} every this many epochs
 * @param minLearningRate COSINE: the floor reached at the end of training
 * @param maxLearningRate ONE_CYCLE: the peak, reached at mid-cycle
 */
public record ScheduleSettings(Kind kind, int stepEpochs, double gamma, double minLearningRate, double maxLearningRate) {

    public enum Kind { CONSTANT, STEP, COSINE, ONE_CYCLE }

    public static final ScheduleSettings CONSTANT = new ScheduleSettings(Kind.CONSTANT, 0, 1, 0, 0);
}
