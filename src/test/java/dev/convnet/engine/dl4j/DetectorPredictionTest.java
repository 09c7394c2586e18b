package dev.convnet.engine.dl4j;

import dev.convnet.common.Tensor;
import dev.convnet.definition.DefinitionParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The lesson's hand-set vertical-line detector returns 3.0 on its 8x8 image. */
class DetectorPredictionTest {

    @Test
    void verticalLineDetectorGivesThree() throws Exception {
        var document = JsonMapper.builder().build().readTree(getClass().getResourceAsStream("/presets/detector.json"));
        CompiledNetwork network = new NetworkCompiler().compile(new DefinitionParser().parse(document).architecture(), 42);
        float[] kernel = new float[9];
        for (int row = 0; row < 3; row++) {
            kernel[row * 3 + 1] = 1f; // Keras [kh, kw, in, out]: a column of ones in the middle
        }
        network.setKerasWeights(List.of(new Tensor(new int[] {3, 3, 1, 1}, kernel), new Tensor(new int[] {1}, new float[] {0f})));

        float[] image = new float[64];
        for (int row = 0; row < 8; row++) {
            image[row * 8 + 3] = 1f;
            image[row * 8 + 4] = 1f;
        }
        Tensor output = network.predict(new Tensor(new int[] {1, 8, 8, 1}, image));

        assertThat(output.shape()).containsExactly(1, 1);
        assertThat(output.data()[0]).isEqualTo(3.0f);
        assertThat(network.kerasWeights().get(0).data()).containsExactly(kernel);
    }
}
