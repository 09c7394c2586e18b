package dev.convnet.engine.dl4j;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The DL4J network a definition compiled to: a MultiLayerNetwork for a Sequential definition, a ComputationGraph
 * for a graph. What training, evaluation and weight access need, the same way for both.
 */
public sealed interface Dl4jNetwork permits Dl4jNetwork.Sequential, Dl4jNetwork.Graph {

    /** What both kinds share: listeners, the last score, parameters. */
    Model model();

    INDArray output(INDArray input);

    void fit(DataSet data);

    /** Loss on a batch, as evaluation (no dropout) sees it. */
    double score(DataSet data);

    void setEpochCount(int epoch);

    int iterationCount();

    Layer[] layers();

    Layer outputLayer();

    /** The DL4J layer holding definition layer {@code index}'s parameters. */
    Layer parameterLayer(int index);

    /** The configuration of every layer, e.g. to swap activation classes before writing a file. */
    List<org.deeplearning4j.nn.conf.layers.Layer> layerConfigurations();

    Dl4jNetwork copy();

    /** {@code dl4jLayerOf}: the DL4J layer index of each definition layer (-1: none, e.g. Flatten). */
    record Sequential(MultiLayerNetwork network, int[] dl4jLayerOf) implements Dl4jNetwork {
        public Model model() { return network; }
        public INDArray output(INDArray input) { return network.output(input, false); }
        public void fit(DataSet data) { network.fit(data); }
        public double score(DataSet data) { return network.score(data, false); }
        public void setEpochCount(int epoch) { network.setEpochCount(epoch); }
        public int iterationCount() { return network.getIterationCount(); }
        public Layer[] layers() { return network.getLayers(); }
        public Layer outputLayer() { return network.getOutputLayer(); }
        public Layer parameterLayer(int index) { return network.getLayer(dl4jLayerOf[index]); }
        public Dl4jNetwork copy() { return new Sequential(network.clone(), dl4jLayerOf); }

        public List<org.deeplearning4j.nn.conf.layers.Layer> layerConfigurations() {
            return network.getLayerWiseConfigurations().getConfs().stream().map(conf -> conf.getLayer()).toList();
        }
    }

    /** {@code layerNames}: each definition layer's vertex, named as the layer. */
    record Graph(ComputationGraph graph, List<String> layerNames) implements Dl4jNetwork {
        public Model model() { return graph; }
        public INDArray output(INDArray input) { return graph.outputSingle(false, input); }
        public void fit(DataSet data) { graph.fit(data); }
        public double score(DataSet data) { return graph.score(data, false); }
        public void setEpochCount(int epoch) { graph.getConfiguration().setEpochCount(epoch); }
        public int iterationCount() { return graph.getIterationCount(); }
        public Layer[] layers() { return graph.getLayers(); }
        public Layer outputLayer() { return graph.getOutputLayer(0); }
        public Layer parameterLayer(int index) { return graph.getLayer(layerNames.get(index)); }
        public Dl4jNetwork copy() { return new Graph(graph.clone(), layerNames); }

        public List<org.deeplearning4j.nn.conf.layers.Layer> layerConfigurations() {
            return graph.getConfiguration().getVertices().values().stream()
                    .filter(LayerVertex.class::isInstance)
                    .map(vertex -> ((LayerVertex) vertex).getLayerConf().getLayer()).toList();
        }

        /** Among a forward pass's activations, the one the output layer reads. */
        public INDArray outputLayerInput(Map<String, INDArray> activations) {
            String output = graph.getConfiguration().getNetworkOutputs().get(0);
            List<String> inputs = graph.getConfiguration().getVertexInputs().get(output);
            return inputs == null || inputs.size() != 1 ? null : activations.get(inputs.get(0));
        }
    }

    static List<String> names(List<dev.convnet.definition.LayerSpec> layers) {
        return Arrays.asList(layers.stream().map(dev.convnet.definition.LayerSpec::name).toArray(String[]::new));
    }
}
