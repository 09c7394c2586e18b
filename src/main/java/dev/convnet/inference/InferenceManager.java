package dev.convnet.inference;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.LimitExceededException;
import dev.convnet.common.Tensor;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Service;

/**
 * The work-load manager: runs tensors through loaded models, batching requests for the same model that
 * arrive together. Independent of HTTP; the image, tensor and Open Inference endpoints all go through it.
 */
@Service
public class InferenceManager {

    private static final int ATTEMPTS = 3;

    private final LoadedModels loaded;
    private final InferenceProperties properties;

    InferenceManager(LoadedModels loaded, InferenceProperties properties) {
        this.loaded = loaded;
        this.properties = properties;
    }

    /** The model as served: input, class names and whether it can classify images. Loads it if needed. */
    public ServableModel describe(UUID modelId) {
        return workers(modelId).model();
    }

    /**
     * Queues NHWC inputs for the model; the future completes with its outputs, or fails with
     * NotFoundException if the model is deleted meanwhile.
     *
     * @throws InferenceOverloadedException when the model's queue is full
     */
    public CompletableFuture<Tensor> submit(UUID modelId, Tensor inputs) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ModelWorkers workers = workers(modelId);
            requireInputShape(workers.model(), inputs);
            CompletableFuture<Tensor> result = workers.submit(inputs, properties.retryAfter());
            if (result != null) {
                return result;
            }
        }
        throw new InferenceOverloadedException("Model " + modelId + " is being reloaded: retry", properties.retryAfter());
    }

    /** {@link #submit}, waiting at most {@code convnet.inference.request-timeout} for the result. */
    public Tensor predict(UUID modelId, Tensor inputs) {
        return await(submit(modelId, inputs));
    }

    public Tensor await(CompletableFuture<Tensor> result) {
        try {
            return result.get(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            InferenceOverloadedException timeout = new InferenceOverloadedException("No result within "
                    + properties.requestTimeout() + " (convnet.inference.request-timeout): the service is overloaded",
                    properties.retryAfter());
            result.completeExceptionally(timeout);
            throw timeout;
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a prediction", e);
        }
    }

    private ModelWorkers workers(UUID modelId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ModelWorkers workers = loaded.get(modelId);
            if (workers != null) {
                return workers;
            }
        }
        throw new InferenceOverloadedException("Model " + modelId + " is being reloaded: retry", properties.retryAfter());
    }

    private static void requireInputShape(ServableModel model, Tensor inputs) {
        var shape = model.inputShape();
        int[] expected = {inputs.rank() == 4 ? inputs.shape()[0] : -1, shape.height(), shape.width(), shape.channels()};
        if (inputs.rank() != 4 || inputs.shape()[0] < 1 || !Arrays.equals(inputs.shape(), expected)) {
            throw new BadRequestException("/inputs", "inputs must have shape [batch, " + shape.height() + ", "
                    + shape.width() + ", " + shape.channels() + "] (NHWC) with batch >= 1, got "
                    + Arrays.toString(inputs.shape()));
        }
        int rows = inputs.shape()[0];
        if (rows > model.maxBatchRows()) {
            // one request runs as one batch: its activations must fit in the memory budget
            throw new LimitExceededException("/inputs", rows, model.maxBatchRows(), "convnet.limits.memory-budget",
                    "a batch of " + rows + " inputs would not fit in this node's memory budget for model '" + model.name()
                            + "' (convnet.limits.memory-budget); send at most " + model.maxBatchRows() + " inputs per request");
        }
    }
}
