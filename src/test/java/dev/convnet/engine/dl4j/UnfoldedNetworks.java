package dev.convnet.engine.dl4j;

import dev.convnet.definition.Activation;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.LayerShape;
import dev.convnet.definition.LayerSpec;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Networks as they were compiled before activation folding, one DL4J layer per Activation layer: the form of
 * model files stored by earlier versions, which {@link CompiledNetwork} still reads. For tests and the benchmarks
 * (bench/build.sh compiles this file too).
 */
public final class UnfoldedNetworks {

    private UnfoldedNetworks() {
    }

    public static CompiledNetwork compile(Architecture architecture, long seed) {
        NeuralNetConfiguration.ListBuilder list =
                NetworkConfigurations.layerList(seed, NetworkCompiler.DEFAULT_UPDATER, List.of());
        List<LayerShape> layers = architecture.layers();
        ILossFunction loss = KerasFunctionsInDl4j.of(architecture.definition().loss());
        int dl4jIndex = 0;
        InputShape flattened = null;
        for (LayerShape shape : layers) {
            if (shape.layer() instanceof LayerSpec.Flatten) {
                flattened = shape.input().isSpatial() ? shape.input().asInputShape() : null;
                continue;
            }
            if (flattened != null) {
                list.inputPreProcessor(dl4jIndex, NetworkConfigurations.flatten(flattened, CNN2DFormat.NCHW));
                flattened = null;
            }
            boolean last = shape.index() == layers.size() - 1;
            list.layer(dl4jIndex++, NetworkConfigurations.layer(shape, last, loss, CNN2DFormat.NCHW));
        }
        if (NetworkConfigurations.needsAppendedLossLayer(architecture)) {
            if (flattened != null) {
                list.inputPreProcessor(dl4jIndex, NetworkConfigurations.flatten(flattened, CNN2DFormat.NCHW));
            }
            list.layer(dl4jIndex, NetworkConfigurations.lossLayer(architecture.outputShape().isSpatial(),
                    Activation.LINEAR, loss, CNN2DFormat.NCHW));
        }
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkConfigurations.withInput(list, architecture,
                CNN2DFormat.NCHW));
        network.init();
        return new CompiledNetwork(architecture, network);
    }
}
