package dev.convnet.inference;

import dev.convnet.common.Tensor;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Runs a model on a batch of tensors in Keras's NHWC layout, through the batching {@link InferenceManager}. */
@Service
public class TensorPredictionService {

    private final InferenceManager manager;

    TensorPredictionService(InferenceManager manager) {
        this.manager = manager;
    }

    public Tensor predict(UUID modelId, Tensor inputs) {
        return manager.predict(modelId, inputs);
    }

    /** With {@code testTimeFlip}, the mean of the outputs for the inputs and for their horizontal mirrors. */
    public Tensor predict(UUID modelId, Tensor inputs, boolean testTimeFlip) {
        return testTimeFlip ? FlipAveraging.predict(manager, modelId, inputs) : manager.predict(modelId, inputs);
    }
}
