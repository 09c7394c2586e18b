package dev.convnet.engine.dl4j;

import dev.convnet.definition.Architecture;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Benchmark-only access to the network as compiled before activation folding (one DL4J layer per Activation
 * layer). Compiled into the benchmark's classes only, like bench/src/dev/convnet/training/JobPath.java.
 */
public final class UnfoldedNetworks {

    private UnfoldedNetworks() {
    }

    public static CompiledNetwork compile(Architecture architecture, long seed) {
        MultiLayerNetwork network = new MultiLayerNetwork(new NetworkCompiler()
                .configuration(architecture, seed, NetworkCompiler.DEFAULT_UPDATER, List.of(), false, CNN2DFormat.NCHW));
        network.init();
        return new CompiledNetwork(architecture, network);
    }
}
