package dev.convnet.engine.dl4j;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/**
 * Switches a built network's ReLUs between DL4J's and {@link MaskedReLU}, for A/B runs in one JVM: layers read their
 * activation from the configuration on every call. Compiled only into the benchmark's classes.
 */
public final class ReluImplementations {

    private ReluImplementations() {
    }

    /** Plain ReLUs only, the ones the service replaces. */
    public static void use(MultiLayerNetwork network, boolean masked) {
        for (NeuralNetConfiguration conf : network.getLayerWiseConfigurations().getConfs()) {
            if (conf.getLayer() instanceof BaseLayer layer && layer.getActivationFn() instanceof ActivationReLU relu
                    && MaskedReLU.isPlain(relu)) {
                layer.setActivationFn(masked ? new MaskedReLU() : new ActivationReLU());
            }
        }
    }
}
