package dev.convnet.engine.dl4j;

import dev.convnet.definition.Activation;
import dev.convnet.definition.Loss;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossHinge;
import org.nd4j.linalg.lossfunctions.impl.LossKLD;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossPoisson;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossSquaredHinge;

/** Keras activation and loss names -> their DL4J implementations with Keras's constants. */
final class KerasFunctionsInDl4j {

    /** Keras 3's leaky_relu default slope (tf.keras.layers.LeakyReLU used 0.3; the activation function 0.2). */
    static final double LEAKY_RELU_SLOPE = 0.2;

    private KerasFunctionsInDl4j() {
    }

    static IActivation of(Activation activation) {
        return switch (activation) {
            case LINEAR -> new ActivationIdentity();
            case RELU -> new MaskedReLU();
            case RELU6 -> new ActivationReLU6();
            case TANH -> new OneDnnTanH();
            case SIGMOID -> new ActivationSigmoid();
            case HARD_SIGMOID -> new ActivationHardSigmoid();
            case SOFTMAX -> new ActivationSoftmax();
            case SOFTPLUS -> new ActivationSoftPlus();
            case SOFTSIGN -> new ActivationSoftSign();
            case ELU -> new ActivationELU(1.0);
            case SELU -> new ActivationSELU();
            case LEAKY_RELU -> new ActivationLReLU(LEAKY_RELU_SLOPE);
            case SWISH -> new ActivationSwish();
            case GELU -> new ActivationGELU(true);
        };
    }

    static ILossFunction of(Loss loss) {
        return switch (loss) {
            case CATEGORICAL_CROSSENTROPY -> new LossMCXENT();
            case SPARSE_CATEGORICAL_CROSSENTROPY -> new LossSparseMCXENT();
            case BINARY_CROSSENTROPY -> new LossBinaryXENT();
            // LossMSE and LossMAE average over the outputs, as Keras averages over the last axis.
            case MEAN_SQUARED_ERROR -> new LossMSE();
            case MEAN_ABSOLUTE_ERROR -> new LossMAE();
            case HINGE -> new LossHinge();
            case SQUARED_HINGE -> new LossSquaredHinge();
            case KL_DIVERGENCE -> new LossKLD();
            case POISSON -> new LossPoisson();
        };
    }
}
