package dev.convnet.engine.fit;

/**
 * An optimizer with Keras's meaning of each argument.
 *
 * @param decay Keras's legacy time-based decay: lr / (1 + decay * iteration)
 * @param weightDecay decoupled weight decay (AdamW)
 */
public record OptimizerSettings(Kind kind, double learningRate, double momentum, boolean nesterov, double rho,
                                double decay, double beta1, double beta2, double epsilon, double weightDecay) {

    public enum Kind { SGD, RMSPROP, ADAM, ADAMW }

    /** Values of updater state the optimizer keeps per parameter (0 plain SGD, 1 momentum or RMSprop, 2 Adam), as DL4J sizes it. */
    public int updaterStateSlots() {
        return Math.toIntExact(Updaters.of(this, ScheduleSettings.CONSTANT, 1, 1).stateSize(1));
    }
}
