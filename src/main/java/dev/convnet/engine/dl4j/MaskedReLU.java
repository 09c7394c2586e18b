package dev.convnet.engine.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's ReLU with its backward pass as a step mask times the gradient: two vectorised legacy ops instead of
 * libnd4j's {@code relu_bp}, which calls a {@code std::function} per element. On the CIFAR-10 CNN's conv outputs at
 * batch 32 the two ops take a quarter to a third of the time, with identical results; below
 * {@link #MASK_FROM_LENGTH} elements the one op's lower set-up cost wins (docs/BENCHMARKS.md, ReLU's backward pass;
 * {@code bench.ReluBackpropLevers}).
 *
 * <p>Equal to {@link ActivationReLU} (its equals() accepts subclasses), and written to model files as
 * {@link ActivationReLU} ({@link StandardActivationClasses}), so stored and exported files stay plain DL4J.
 */
final class MaskedReLU extends ActivationReLU {

    /** Elements from which the mask is faster: a dense layer's 32 x 512 output (16,384) is not, conv outputs are. */
    static final long MASK_FROM_LENGTH = 65_536;

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        if (in.length() < MASK_FROM_LENGTH) {
            return super.backprop(in, epsilon);
        }
        assertShape(in, epsilon);
        Nd4j.getExecutioner().exec(new Step(in, in, 0.0)); // in > 0 ? 1 : 0, as relu_bp's derivative
        in.muli(epsilon);
        return new Pair<>(in, null);
    }

    /** Whether {@code relu} is plain ReLU (no cap, threshold or slope), the only kind this replaces. */
    static boolean isPlain(ActivationReLU relu) {
        return relu.getMax() == null && isZero(relu.getThreshold()) && isZero(relu.getNegativeSlope());
    }

    private static boolean isZero(Double value) {
        return value == null || value == 0.0;
    }
}
