package dev.convnet.inference;

import dev.convnet.definition.InputShape;
import dev.convnet.definition.ModelDefinitionService;
import dev.convnet.engine.Tensor;
import dev.convnet.system.BadRequestException;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Runs a model on a batch of tensors in Keras's NHWC layout. */
@Service
public class TensorPredictionService {

    private final ModelDefinitionService definitions;
    private final LoadedNetworks networks;

    TensorPredictionService(ModelDefinitionService definitions, LoadedNetworks networks) {
        this.definitions = definitions;
        this.networks = networks;
    }

    public Tensor predict(UUID modelId, Tensor inputs) {
        InputShape shape = definitions.get(modelId).architecture().definition().inputShape();
        int[] expected = {inputs.shape()[0], shape.height(), shape.width(), shape.channels()};
        if (!Arrays.equals(inputs.shape(), expected)) {
            throw new BadRequestException("/inputs", "inputs must have shape [batch, " + shape.height() + ", "
                    + shape.width() + ", " + shape.channels() + "] (NHWC, as Keras's model.predict takes), got "
                    + Arrays.toString(inputs.shape()));
        }
        LoadedNetworks.Loaded loaded = networks.get(modelId);
        loaded.lock().lock();
        try {
            return loaded.network().predict(inputs);
        } finally {
            loaded.lock().unlock();
        }
    }
}
