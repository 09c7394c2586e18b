package dev.convnet.engine.fit;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cosine decay over iterations, as Keras's CosineDecay: from the initial rate down to
 * {@code minValue} at {@code totalIterations}, then flat. DL4J has no cosine schedule.
 */
public final class CosineDecaySchedule implements ISchedule {

    @JsonProperty private final double initialValue;
    @JsonProperty private final double minValue;
    @JsonProperty private final int totalIterations;

    public CosineDecaySchedule(@JsonProperty("initialValue") double initialValue, @JsonProperty("minValue") double minValue,
                               @JsonProperty("totalIterations") int totalIterations) {
        this.initialValue = initialValue;
        this.minValue = minValue;
        this.totalIterations = Math.max(1, totalIterations);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double progress = Math.min(iteration, totalIterations) / (double) totalIterations;
        return minValue + 0.5 * (initialValue - minValue) * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public ISchedule clone() {
        return new CosineDecaySchedule(initialValue, minValue, totalIterations);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CosineDecaySchedule that && initialValue == that.initialValue
                && minValue == that.minValue && totalIterations == that.totalIterations;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(initialValue, minValue, totalIterations);
    }
}
