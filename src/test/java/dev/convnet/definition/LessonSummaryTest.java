package dev.convnet.definition;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The lesson's three networks must show exactly Keras's shapes and parameter counts. */
class LessonSummaryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final DefinitionParser parser = new DefinitionParser();

    static JsonNode preset(String id) throws Exception {
        try (InputStream in = LessonSummaryTest.class.getResourceAsStream("/presets/" + id + ".json")) {
            return JSON.readTree(in);
        }
    }

    private ModelSummary summary(String presetId) throws Exception {
        return ModelSummary.of(parser.parse(preset(presetId)).architecture());
    }

    @Test
    void detectorMatchesTheLessonsSummary() throws Exception {
        ModelSummary summary = summary("detector");
        assertThat(summary.layers()).extracting(ModelSummary.Row::outputShape)
                .containsExactly(java.util.Arrays.asList(null, 6, 6, 1), java.util.Arrays.asList(null, 1));
        assertThat(summary.layers()).extracting(ModelSummary.Row::params).containsExactly(10L, 0L);
        assertThat(summary.totalParams()).isEqualTo(10);
        assertThat(summary.trainableParams()).isEqualTo(10);
        assertThat(summary.nonTrainableParams()).isZero();
    }

    @Test
    void lenet5Has545546Parameters() throws Exception {
        ModelSummary summary = summary("lenet5");
        assertThat(summary.totalParams()).isEqualTo(545_546);
        assertThat(summary.layers()).extracting(ModelSummary.Row::params)
                .containsExactly(156L, 0L, 2_416L, 0L, 48_120L, 0L, 494_004L, 850L);
        assertThat(summary.layers().get(4).outputShape()).containsExactly(null, 7, 7, 120);
        assertThat(summary.layers().get(5).outputShape()).containsExactly(null, 5880);
    }

    @Test
    void cifarCnnHas1250858Parameters() throws Exception {
        ModelSummary summary = summary("cifar10-cnn");
        assertThat(summary.totalParams()).isEqualTo(1_250_858);
        assertThat(summary.layers()).hasSize(18);
        assertThat(summary.layers().get(12).outputShape()).containsExactly(null, 2304);
        assertThat(summary.layers().get(13).params()).isEqualTo(1_180_160);
    }

    @Test
    void batchNormalizationCountsFourPerChannelTwoOfThemNonTrainable() throws Exception {
        JsonNode document = JSON.readTree("""
                {"inputShape": [8, 8, 3], "layers": [
                  {"type": "conv2d", "filters": 16, "kernelSize": 3, "padding": "same", "useBias": false},
                  {"type": "batchNormalization"},
                  {"type": "globalAveragePooling2d"},
                  {"type": "dense", "units": 2, "activation": "softmax"}]}""");
        ModelSummary summary = ModelSummary.of(parser.parse(document).architecture());
        assertThat(summary.layers().get(1).params()).isEqualTo(64);
        assertThat(summary.totalParams()).isEqualTo(432 + 64 + 34);
        assertThat(summary.nonTrainableParams()).isEqualTo(32);
        assertThat(summary.trainableParams()).isEqualTo(432 + 32 + 34);
    }

    @Test
    void textLayoutIsKerasClassicTable() throws Exception {
        String text = summary("detector").toText();
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Model: \"detector\"");
        assertThat(lines.get(2)).isEqualTo("Layer (type)                 Output Shape              Param #   ");
        assertThat(lines.get(4)).isEqualTo("conv2d (Conv2D)              (None, 6, 6, 1)           10        ");
        // Keras cuts a long "name (type)" one character before the next column.
        assertThat(lines.get(6)).isEqualTo("global_max_pooling2d (Global (None, 1)                 0         ");
        assertThat(text).contains("Total params: 10\nTrainable params: 10\nNon-trainable params: 0\n");
        assertThat(summary("cifar10-cnn").toText()).contains("Total params: 1,250,858");
    }
}
