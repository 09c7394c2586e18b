package dev.convnet.inference;

import dev.convnet.definition.InputShape;
import dev.convnet.image.InputSpec;
import java.util.List;
import java.util.UUID;

/**
 * What serving needs to know about a model: who it is, its input, and what its outputs mean.
 *
 * @param classifier  whether its output is a vector of class probabilities (ends in softmax)
 * @param servable    null when it can serve images, else why not (never trained, not a classifier)
 * @param classNames  one per output unit: from the training lineage, else "0".."n-1"
 * @param maxBatchRows the most inputs one request may carry: more would not fit in the node's memory budget
 * @param notReadyReason null when it has weights to compute with, else why not (never trained)
 */
public record ServableModel(UUID id, String name, int version, InputShape inputShape, List<Integer> outputShape,
                            boolean classifier, String notServableReason, List<String> classNames, InputSpec inputSpec,
                            int maxBatchRows, String notReadyReason) {

    public ServableModel {
        classNames = List.copyOf(classNames);
        outputShape = List.copyOf(outputShape);
    }

    /** Throws {@link ModelNotServableException} unless images can be classified with this model. */
    public ServableModel requireServable() {
        if (notServableReason != null) {
            throw new ModelNotServableException(id, notServableReason);
        }
        return this;
    }

    /** Floats of one output row. */
    public int outputSize() {
        return outputShape.stream().reduce(1, (a, b) -> a * b);
    }
}
