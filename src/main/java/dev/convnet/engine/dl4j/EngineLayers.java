package dev.convnet.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/** Renders a DL4J configuration as {@link EngineLayer}s, without building the network. */
final class EngineLayers {

    private EngineLayers() {
    }

    static List<EngineLayer> describe(MultiLayerConfiguration configuration) {
        List<EngineLayer> layers = new ArrayList<>();
        for (int i = 0; i < configuration.getConfs().size(); i++) {
            NeuralNetConfiguration conf = configuration.getConf(i);
            Layer layer = conf.getLayer();
            InputPreProcessor preprocessor = configuration.getInputPreProcess(i);
            layers.add(new EngineLayer(i, layer.getLayerName(), layer.getClass().getSimpleName(),
                    preprocessor == null ? null : preprocessor.getClass().getSimpleName(),
                    settings(layer), layer.initializer().numParams(conf)));
        }
        return layers;
    }

    /** A graph's vertices in the order they were added; merge and preprocessor vertices have no parameters. */
    static List<EngineLayer> describe(ComputationGraphConfiguration configuration) {
        List<EngineLayer> layers = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, GraphVertex> vertex : configuration.getVertices().entrySet()) {
            List<String> inputs = configuration.getVertexInputs().get(vertex.getKey());
            String from = "inputs=" + inputs;
            if (vertex.getValue() instanceof LayerVertex layerVertex) {
                NeuralNetConfiguration conf = layerVertex.getLayerConf();
                Layer layer = conf.getLayer();
                InputPreProcessor preprocessor = layerVertex.getPreProcessor();
                String settings = settings(layer);
                layers.add(new EngineLayer(index++, vertex.getKey(), layer.getClass().getSimpleName(),
                        preprocessor == null ? null : preprocessor.getClass().getSimpleName(),
                        settings.isEmpty() ? from : from + ", " + settings, layer.initializer().numParams(conf)));
            } else {
                layers.add(new EngineLayer(index++, vertex.getKey(), vertex.getValue().getClass().getSimpleName(), null,
                        from, 0));
            }
        }
        return layers;
    }

    private static String settings(Layer layer) {
        List<String> parts = new ArrayList<>();
        if (layer instanceof BaseLayer base && base.getActivationFn() != null) {
            parts.add("activation=" + base.getActivationFn());
        }
        if (layer instanceof ConvolutionLayer conv) {
            parts.add("kernel=" + conv.getKernelSize()[0] + "x" + conv.getKernelSize()[1]);
            parts.add("stride=" + conv.getStride()[0] + "x" + conv.getStride()[1]);
            parts.add("mode=" + conv.getConvolutionMode());
        }
        if (layer instanceof SubsamplingLayer pool) {
            parts.add("pooling=" + pool.getPoolingType());
            parts.add("kernel=" + pool.getKernelSize()[0] + "x" + pool.getKernelSize()[1]);
            parts.add("stride=" + pool.getStride()[0] + "x" + pool.getStride()[1]);
            parts.add("mode=" + pool.getConvolutionMode());
        }
        if (layer instanceof FeedForwardLayer ff) {
            parts.add("nIn=" + ff.getNIn());
            parts.add("nOut=" + ff.getNOut());
        }
        if (layer instanceof BaseOutputLayer out) {
            parts.add("loss=" + out.getLossFn());
        }
        if (layer.getIDropout() != null) {
            parts.add("dropout=" + layer.getIDropout());
        }
        return String.join(", ", parts);
    }
}
