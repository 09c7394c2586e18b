package dev.convnet.definition;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The native document written from a definition: every convolution's fields, in order, and read back unchanged. */
class DefinitionWriterTest {

    private static final String CONVOLUTIONS = """
            {"inputShape": [16, 16, 3], "layers": [
              {"type": "conv2d", "name": "plain", "filters": 4, "kernelSize": [3, 2], "strides": 2, "padding": "same",
               "activation": "relu", "useBias": false},
              {"type": "separableConv2d", "name": "separable", "filters": 6, "kernelSize": 3, "depthMultiplier": 2,
               "activation": "tanh", "kernelRegularizer": 0.01},
              {"type": "depthwiseConv2d", "name": "depthwise", "kernelSize": [1, 3], "strides": [1, 2],
               "padding": "same", "depthMultiplier": 3, "useBias": false},
              {"type": "flatten", "name": "flatten"},
              {"type": "dense", "name": "out", "units": 2, "activation": "softmax"}]}""";

    private final DefinitionReader reader = new DefinitionReader();
    private final DefinitionWriter writer = new DefinitionWriter();

    @Test
    void eachConvolutionIsWrittenWithItsOwnFieldsInKerasOrder() {
        JsonNode layers = writer.write(reader.read(DefinitionReaderTest.json(CONVOLUTIONS))).get("layers");

        assertThat(layers.get(0).toString()).isEqualTo("{\"type\":\"conv2d\",\"name\":\"plain\",\"filters\":4,"
                + "\"kernelSize\":[3,2],\"strides\":[2,2],\"padding\":\"same\",\"activation\":\"relu\",\"useBias\":false}");
        assertThat(layers.get(1).toString()).isEqualTo("{\"type\":\"separableConv2d\",\"name\":\"separable\","
                + "\"filters\":6,\"kernelSize\":[3,3],\"strides\":[1,1],\"padding\":\"valid\",\"depthMultiplier\":2,"
                + "\"activation\":\"tanh\",\"useBias\":true,\"kernelRegularizer\":0.01}");
        assertThat(layers.get(2).toString()).isEqualTo("{\"type\":\"depthwiseConv2d\",\"name\":\"depthwise\","
                + "\"kernelSize\":[1,3],\"strides\":[1,2],\"padding\":\"same\",\"depthMultiplier\":3,"
                + "\"activation\":\"linear\",\"useBias\":false}");
    }

    @Test
    void readingTheWrittenDocumentGivesTheSameDefinition() {
        ModelDefinition definition = reader.read(DefinitionReaderTest.json(CONVOLUTIONS));

        assertThat(reader.read(writer.write(definition))).isEqualTo(definition);
    }

    @Test
    void theOutputActivationOfAConvolutionIsItsOwn() {
        ModelDefinition definition = reader.read(DefinitionReaderTest.json(CONVOLUTIONS));

        assertThat(ModelDefinition.outputActivation(definition.layers().subList(0, 3))).isEqualTo(Activation.LINEAR);
        assertThat(ModelDefinition.outputActivation(definition.layers().subList(0, 2))).isEqualTo(Activation.TANH);
        assertThat(ModelDefinition.outputActivation(definition.layers().subList(0, 1))).isEqualTo(Activation.RELU);
    }
}
