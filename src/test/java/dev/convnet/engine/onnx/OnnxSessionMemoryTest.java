package dev.convnet.engine.onnx;

import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A session's estimate comes from the model's initializers: the exported weights, 4 bytes per parameter. */
class OnnxSessionMemoryTest {

    @Test
    void initializersAreTheExportedWeights() throws Exception {
        Architecture architecture = new DefinitionParser().parse(JsonMapper.builder().build().readTree(getClass()
                .getResourceAsStream("/presets/lenet5.json"))).architecture();
        CompiledNetwork network = new NetworkCompiler().compile(architecture, 1);
        byte[] model = OnnxModelWriter.write(architecture, network.kerasWeights(), "test");

        assertThat(architecture.totalParams()).isGreaterThan(1000);
        assertThat(OnnxSessionMemory.initializerBytes(model)).isEqualTo(4 * architecture.totalParams());
        assertThat(OnnxSessionMemory.estimateBytes(model))
                .isEqualTo(2 * 4 * architecture.totalParams() + OnnxSessionMemory.SESSION_OVERHEAD_BYTES);
    }

    @Test
    void aModelWithoutInitializersCostsTheOverhead() throws Exception {
        Architecture architecture = new DefinitionParser().parse(JsonMapper.builder().build().readTree("""
                {"inputShape": [4, 4, 1], "layers": [{"type": "maxPooling2d", "poolSize": 2}, {"type": "flatten"}]}"""))
                .architecture();
        byte[] model = OnnxModelWriter.write(architecture, java.util.List.of(), "test");

        assertThat(OnnxSessionMemory.initializerBytes(model)).isZero();
        assertThat(OnnxSessionMemory.estimateBytes(model)).isEqualTo(OnnxSessionMemory.SESSION_OVERHEAD_BYTES);
    }

    @Test
    void bytesThatAreNoModelAreRefused() {
        assertThatThrownBy(() -> OnnxSessionMemory.initializerBytes(new byte[] {(byte) 0xff, (byte) 0xff}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
