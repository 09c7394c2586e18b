package dev.convnet.engine.dl4j;

import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionParser;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import tools.jackson.databind.json.JsonMapper;

/** The engine tests' access to the presets and to what a compiled network's layers compute with. */
final class PresetNetworks {

    private PresetNetworks() {
    }

    static Architecture preset(String name) throws Exception {
        var document = JsonMapper.builder().build().readTree(PresetNetworks.class.getResourceAsStream("/presets/" + name + ".json"));
        return new DefinitionParser().parse(document).architecture();
    }

    /** The activation of every layer that has one, in order. */
    static List<IActivation> activations(MultiLayerNetwork network) {
        List<IActivation> found = new ArrayList<>();
        for (NeuralNetConfiguration conf : network.getLayerWiseConfigurations().getConfs()) {
            if (conf.getLayer() instanceof BaseLayer layer) {
                found.add(layer.getActivationFn());
            }
        }
        return found;
    }
}
