package bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keras's RMSprop with its time-based decay, on DJL NDArrays: DJL's own RmsProp has no PyTorch-engine implementation.
 * Per step t (from 0): lr_t = lr / (1 + decay * t); a = rho * a + (1 - rho) * g^2; w -= lr_t * g / (sqrt(a) + eps).
 */
final class KerasRmsProp extends Optimizer {

    private final float learningRate;
    private final float decay;
    private final float rho;
    private final float epsilon;
    private final Map<String, Map<Device, NDArray>> meanSquares = new ConcurrentHashMap<>();

    KerasRmsProp(float learningRate, float decay, float rho, float epsilon) {
        super(new OptimizerBuilder<>() {
            @Override
            protected OptimizerBuilder self() {
                return this;
            }
        });
        this.learningRate = learningRate;
        this.decay = decay;
        this.rho = rho;
        this.epsilon = epsilon;
    }

    /** The lesson's CIFAR-10 optimizer with Keras's defaults: RMSprop(learning_rate=1e-4, decay=1e-6). */
    static KerasRmsProp lesson() {
        return new KerasRmsProp(1e-4f, 1e-6f, 0.9f, 1e-7f);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int step = updateCount(parameterId) - 1;
        float rate = learningRate / (1 + decay * step);
        NDArray a = withDefaultState(meanSquares, parameterId, weight.getDevice(), k -> weight.zerosLike());
        // in place, temporaries closed at once: the parameters' manager lives as long as the model
        try (NDArray squared = grad.square()) {
            a.muli(rho).addi(squared.muli(1 - rho));
        }
        try (NDArray denominator = a.sqrt().addi(epsilon); NDArray delta = grad.div(denominator)) {
            weight.subi(delta.muli(rate));
        }
    }
}
