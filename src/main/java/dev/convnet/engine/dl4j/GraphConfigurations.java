package dev.convnet.engine.dl4j;

import dev.convnet.definition.Architecture;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.LayerShape;
import dev.convnet.definition.LayerSpec;
import dev.convnet.definition.ModelDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The DL4J ComputationGraph configuration of a graph definition (Keras functional). Each definition layer is one
 * vertex of the same name, the network input is the vertex {@link ModelDefinition#MODEL_INPUT}: Add is an
 * element-wise sum vertex, Concatenate a merge vertex (the channel axis, NCHW's axis 1), Flatten a preprocessor
 * vertex. The output gets its loss as in a Sequential network ({@link NetworkConfigurations}). Activation layers
 * are not folded here. Graphs run NCHW only: MergeVertex joins along axis 1.
 */
final class GraphConfigurations {

    private GraphConfigurations() {
    }

    static ComputationGraphConfiguration build(Architecture architecture, long seed, IUpdater updater,
                                               List<Regularization> regularization) {
        ModelDefinition definition = architecture.definition();
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM) // Keras's glorot_uniform; biases start at 0 as in Keras
                .biasInit(0.0)
                .updater(updater)
                .regularization(regularization)
                .graphBuilder()
                .addInputs(ModelDefinition.MODEL_INPUT);
        ILossFunction loss = KerasFunctionsInDl4j.of(definition.loss());
        List<LayerShape> layers = architecture.layers();
        String output = null;
        for (int i = 0; i < layers.size(); i++) {
            LayerShape shape = layers.get(i);
            LayerSpec spec = shape.layer();
            String[] inputs = definition.inputs().get(i).toArray(String[]::new);
            boolean last = i == layers.size() - 1;
            if (spec instanceof LayerSpec.Add) {
                graph.addVertex(spec.name(), new ElementWiseVertex(ElementWiseVertex.Op.Add), inputs);
            } else if (spec instanceof LayerSpec.Concatenate) {
                graph.addVertex(spec.name(), new MergeVertex(), inputs);
            } else if (spec instanceof LayerSpec.Flatten) {
                graph.addVertex(spec.name(), shape.input().isSpatial()
                        ? new PreprocessorVertex(NetworkConfigurations.flatten(shape.input().asInputShape(), CNN2DFormat.NCHW))
                        : new ScaleVertex(1.0), inputs); // Keras's Flatten of a flat tensor changes nothing
            } else {
                graph.addLayer(spec.name(), NetworkConfigurations.layer(shape, last, loss, CNN2DFormat.NCHW, regularization),
                        inputs);
            }
            output = spec.name();
        }
        if (NetworkConfigurations.needsAppendedLossLayer(architecture)) {
            String lossName = unusedName(definition, "loss");
            graph.addLayer(lossName, NetworkConfigurations.lossLayer(architecture.outputShape().isSpatial(),
                    dev.convnet.definition.Activation.LINEAR, loss, CNN2DFormat.NCHW), output);
            output = lossName;
        }
        InputShape input = definition.inputShape();
        return graph.setOutputs(output)
                .setInputTypes(InputType.convolutional(input.height(), input.width(), input.channels(), CNN2DFormat.NCHW))
                .build();
    }

    private static String unusedName(ModelDefinition definition, String stem) {
        Set<String> names = new HashSet<>();
        definition.layers().forEach(layer -> names.add(layer.name()));
        String name = stem;
        for (int i = 1; names.contains(name) || name.equals(ModelDefinition.MODEL_INPUT); i++) {
            name = stem + "_" + i;
        }
        return name;
    }
}
