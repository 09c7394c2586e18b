package dev.convnet.engine.fit;

/** Optimizer settings with Keras's defaults, as the lesson's models compile them. */
public final class KerasOptimizers {

    private KerasOptimizers() {
    }

    /** Keras's SGD() defaults: what the lesson's LeNet-5 compiles with ("SGD"). */
    public static OptimizerSettings sgd(double learningRate) {
        return new OptimizerSettings(OptimizerSettings.Kind.SGD, learningRate, 0, false, 0.9, 0, 0.9, 0.999, 1e-7, 0);
    }

    /** The lesson's CIFAR-10 optimizer: RMSprop(learning_rate=1e-4, decay=1e-6). */
    public static OptimizerSettings rmsprop(double learningRate, double decay) {
        return new OptimizerSettings(OptimizerSettings.Kind.RMSPROP, learningRate, 0, false, 0.9, decay, 0.9, 0.999,
                1e-7, 0);
    }
}
