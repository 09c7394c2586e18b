package dev.convnet.definition;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graph's summary is Keras 2's functional table: four columns ending at 32, 53, 65 and 98 (line length 98,
 * positions .33/.55/.67/1), an InputLayer row first, "Connected to" naming each input as layer[node][tensor].
 */
class GraphSummaryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Input -> Conv2D -> Conv2D -> Add(second conv, first conv) -> GlobalAveragePooling2D -> Dense. */
    private static final String RESIDUAL = """
            {"name": "residual", "inputShape": [28, 28, 1], "layers": [
              {"type": "conv2d", "filters": 16, "kernelSize": 3, "padding": "same", "activation": "relu"},
              {"type": "conv2d", "filters": 16, "kernelSize": 3, "padding": "same", "activation": "relu"},
              {"type": "add", "inputs": ["conv2d_1", "conv2d"]},
              {"type": "globalAveragePooling2d"},
              {"type": "dense", "units": 10, "activation": "softmax"}]}""";

    /** What tf.keras 2.x prints for the same model built with the functional API, written out by hand. */
    private static final List<String> KERAS_TEXT = List.of(
            "Model: \"residual\"",
            "__________________________________________________________________________________________________",
            "Layer (type)                    Output Shape         Param #     Connected to                     ",
            "==================================================================================================",
            "input_1 (InputLayer)            [(None, 28, 28, 1)]  0                                            ",
            "__________________________________________________________________________________________________",
            "conv2d (Conv2D)                 (None, 28, 28, 16)   160         input_1[0][0]                    ",
            "__________________________________________________________________________________________________",
            "conv2d_1 (Conv2D)               (None, 28, 28, 16)   2320        conv2d[0][0]                     ",
            "__________________________________________________________________________________________________",
            "add (Add)                       (None, 28, 28, 16)   0           conv2d_1[0][0]                   ",
            "                                                                 conv2d[0][0]                     ",
            "__________________________________________________________________________________________________",
            "global_average_pooling2d (Globa (None, 16)           0           add[0][0]                        ",
            "__________________________________________________________________________________________________",
            "dense (Dense)                   (None, 10)           170         global_average_pooling2d[0][0]   ",
            "==================================================================================================",
            "Total params: 2,650",
            "Trainable params: 2,650",
            "Non-trainable params: 0",
            "__________________________________________________________________________________________________");

    private static ModelSummary summary(String document) {
        return ModelSummary.of(new DefinitionParser().parse(JSON.readTree(document)).architecture());
    }

    @Test
    void residualGraphPrintsLikeKerasFunctionalSummary() {
        String text = summary(RESIDUAL).toText();
        assertThat(text.lines().toList()).containsExactlyElementsOf(KERAS_TEXT);
        assertThat(text).endsWith("_\n");
    }

    @Test
    void rowsCarryTheInputLayerAndConnections() {
        ModelSummary summary = summary(RESIDUAL);
        assertThat(summary.layers()).extracting(ModelSummary.Row::name).containsExactly(
                "input_1", "conv2d", "conv2d_1", "add", "global_average_pooling2d", "dense");
        ModelSummary.Row input = summary.layers().get(0);
        assertThat(input.type()).isEqualTo("InputLayer");
        assertThat(input.outputShape()).containsExactly(null, 28, 28, 1);
        assertThat(input.params()).isZero();
        assertThat(input.connectedTo()).isEmpty();
        assertThat(summary.layers().get(3).connectedTo()).containsExactly("conv2d_1[0][0]", "conv2d[0][0]");
        assertThat(summary.layers().get(5).connectedTo()).containsExactly("global_average_pooling2d[0][0]");
        assertThat(summary.totalParams()).isEqualTo(2_650);
    }

    @Test
    void sequentialSummaryHasNoConnectionsAndNoInputRow() {
        ModelSummary summary = summary("""
                {"inputShape": [8, 8, 1], "layers": [{"type": "conv2d", "filters": 1, "kernelSize": 3},
                  {"type": "globalMaxPooling2d"}]}""");
        assertThat(summary.layers()).hasSize(2).allSatisfy(row -> assertThat(row.connectedTo()).isNull());
        assertThat(JSON.writeValueAsString(summary)).doesNotContain("connectedTo");
        assertThat(summary.toText().lines().toList().get(2)).hasSize(65).doesNotContain("Connected to");
    }

    @Test
    void jsonRowsOfAGraphListTheirConnections() {
        String json = JSON.writeValueAsString(summary(RESIDUAL));
        assertThat(json).contains("\"connectedTo\":[]", "\"connectedTo\":[\"conv2d_1[0][0]\",\"conv2d[0][0]\"]")
                .doesNotContain("\"graph\"");
    }

    @Test
    void inputLayerTakesTheNextFreeKerasNameWhenALayerHasInput1() {
        ModelSummary summary = summary("""
                {"inputShape": [8, 8, 2], "layers": [
                  {"type": "conv2d", "name": "input_1", "filters": 2, "kernelSize": 1},
                  {"type": "add", "inputs": ["input_1", "input"]}]}""");
        assertThat(summary.layers().get(0).name()).isEqualTo("input_2");
        assertThat(summary.layers().get(1).connectedTo()).containsExactly("input_2[0][0]");
        assertThat(summary.layers().get(2).connectedTo()).containsExactly("input_1[0][0]", "input_2[0][0]");
    }
}
