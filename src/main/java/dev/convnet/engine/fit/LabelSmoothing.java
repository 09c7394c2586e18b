package dev.convnet.engine.fit;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code CategoricalCrossentropy(label_smoothing=a)}: the one-hot targets are replaced by
 * {@code y * (1 - a) + a / K} before the cross-entropy is taken. DL4J's losses have no smoothing argument, and
 * smoothing the targets is exactly what Keras does inside its loss, so the loss values agree.
 */
final class LabelSmoothing {

    private LabelSmoothing() {
    }

    /** Smooths {@code labels} ([batch, classes]) in place and returns it; {@code alpha == 0} leaves it as it is. */
    static INDArray apply(INDArray labels, double alpha) {
        if (alpha == 0) {
            return labels;
        }
        long classes = labels.size(1);
        return labels.muli(1 - alpha).addi(alpha / classes);
    }
}
