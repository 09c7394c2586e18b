package dev.convnet.engine.dl4j;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * Model files name each activation by its class. Ours ({@link OneDnnTanH}, {@link MaskedReLU}) would make a file
 * that plain DL4J cannot read, so files are written with DL4J's own classes in their place, and networks read back
 * get ours again.
 */
final class StandardActivationClasses {

    interface Write {
        void run() throws IOException;
    }

    private StandardActivationClasses() {
    }

    /** Runs {@code write} while the network's configuration names only DL4J's activation classes. */
    static void writing(Dl4jNetwork network, Write write) throws IOException {
        synchronized (network.model()) {
            List<Runnable> undo = replace(network.layerConfigurations(),
                    StandardActivationClasses::dl4jsOwn);
            try {
                write.run();
            } finally {
                undo.forEach(Runnable::run);
            }
        }
    }

    /** After reading a file: DL4J's tanh becomes {@link OneDnnTanH}, its plain ReLU {@link MaskedReLU}. */
    static void useFasterActivations(MultiLayerConfiguration configuration) {
        useFasterActivations(configuration.getConfs().stream().map(NeuralNetConfiguration::getLayer).toList());
    }

    static void useFasterActivations(List<Layer> layers) {
        replace(layers, StandardActivationClasses::ours);
    }

    private static IActivation dl4jsOwn(IActivation fn) {
        if (fn instanceof OneDnnTanH) {
            return new ActivationTanH();
        }
        return fn instanceof MaskedReLU ? new ActivationReLU() : null;
    }

    private static IActivation ours(IActivation fn) {
        if (fn != null && fn.getClass() == ActivationTanH.class) {
            return new OneDnnTanH();
        }
        return fn != null && fn.getClass() == ActivationReLU.class && MaskedReLU.isPlain((ActivationReLU) fn)
                ? new MaskedReLU() : null;
    }

    /** Replaces each activation for which {@code replacement} gives one; returns how to put the old ones back. */
    private static List<Runnable> replace(List<Layer> layers, UnaryOperator<IActivation> replacement) {
        List<Runnable> undo = new ArrayList<>();
        for (Layer layer : layers) {
            // The two layer kinds that carry an activation share no type that declares it.
            if (layer instanceof BaseLayer base) {
                swap(base.getActivationFn(), base::setActivationFn, replacement, undo);
            } else if (layer instanceof ActivationLayer activation) {
                swap(activation.getActivationFn(), activation::setActivationFn, replacement, undo);
            }
        }
        return undo;
    }

    private static void swap(IActivation old, Consumer<IActivation> set, UnaryOperator<IActivation> replacement,
                             List<Runnable> undo) {
        IActivation replaced = replacement.apply(old);
        if (replaced != null) {
            set.accept(replaced);
            undo.add(() -> set.accept(old));
        }
    }
}
