package dev.convnet.engine.dl4j;

import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's tanh, computed by libnd4j's {@code tanh} op instead of its legacy transform. The op has a oneDNN
 * implementation (vectorised); the legacy transform that {@link ActivationTanH} runs is a scalar loop, 5-8x slower
 * on a conv output, and with it a LeNet-5 training step took 5,986 page faults instead of 35 (docs/BENCHMARKS.md,
 * LeNet-5 training profile and the oneDNN tanh). The derivative already runs as the
 * {@code tanh_bp} op, so backprop is DL4J's own.
 *
 * <p>Equal to {@link ActivationTanH} (its equals() accepts subclasses), and written to model files as
 * {@link ActivationTanH} ({@link StandardActivationClasses}), so stored and exported files stay plain DL4J.
 */
final class OneDnnTanH extends ActivationTanH {

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        Nd4j.exec(DynamicCustomOp.builder("tanh").addInputs(in).addOutputs(in).build());
        return in;
    }
}
