package dev.convnet.engine.dl4j;

import dev.convnet.common.Tensor;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.definition.DefinitionWriter;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.InvalidDefinitionException;
import dev.convnet.definition.LayerSpec;
import dev.convnet.definition.Loss;
import dev.convnet.definition.ParsedDefinition;
import dev.convnet.definition.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.offset;

/** DL4J files of networks built with DL4J's own builder (not through NetworkCompiler) map back onto definitions. */
class Dl4jModelReaderTest {

    private final Dl4jModelReader reader = new Dl4jModelReader();
    private final NetworkCompiler compiler = new NetworkCompiler();
    private final Random random = new Random(42);

    /** conv (same) -> max pool -> batch norm (DL4J's default log-std form) -> dense with input dropout -> softmax output. */
    private static MultiLayerNetwork dl4jBuiltNetwork() {
        MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.FLOAT)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).stride(1, 1).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new BatchNormalization.Builder().eps(1e-3).decay(0.9).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).dropOut(0.75).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 8, 2))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }

    @Test
    void aNetworkBuiltWithDl4jsBuilderImportsAndPredictsAsDl4jDoes() throws IOException {
        MultiLayerNetwork original = dl4jBuiltNetwork();
        // non-trivial running statistics, so that the log-std -> variance conversion is exercised
        original.getLayer(2).setParam("mean", Nd4j.rand(DataType.FLOAT, 1, 4).subi(0.5));
        original.getLayer(2).setParam("log10stdev", Nd4j.rand(DataType.FLOAT, 1, 4).subi(0.5));
        original.getLayer(2).setParam("gamma", Nd4j.rand(DataType.FLOAT, 1, 4).addi(0.5));

        ImportedDl4jNetwork imported = reader.read(serialize(original), "from-dl4j", new InputShape(6, 8, 2));

        assertThat(imported.definition().layers()).extracting(LayerSpec::type).containsExactly(
                "conv2d", "maxPooling2d", "batchNormalization", "flatten", "dropout", "dense", "dense");
        assertThat(imported.definition().loss()).isEqualTo(Loss.CATEGORICAL_CROSSENTROPY);
        assertThat(((LayerSpec.Dropout) imported.definition().layers().get(4)).rate()).isCloseTo(0.25, offset(1e-9));
        LayerSpec.BatchNormalization norm = (LayerSpec.BatchNormalization) imported.definition().layers().get(2);
        assertThat(norm.momentum()).isEqualTo(0.9);
        assertThat(norm.epsilon()).isEqualTo(1e-3);

        ParsedDefinition parsed = new DefinitionParser().parse(new DefinitionWriter().write(imported.definition()));
        CompiledNetwork adopted = compiler.adopt(parsed.architecture(), imported);
        assertThat(parsed.architecture().layers()).extracting(l -> l.layer().name()).containsExactly(
                "conv2d", "max_pooling2d", "batch_normalization", "flatten", "dropout", "dense", "dense_1");

        Tensor input = randomNhwc(3, 6, 8, 2);
        INDArray nchw = Nd4j.create(input.data(), new long[] {3, 6, 8, 2}, 'c').permute(0, 3, 1, 2).dup('c');
        float[] expected = original.output(nchw, false).dup('c').data().asFloat();
        float[] actual = adopted.predict(input).data();
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("output %d", i).isCloseTo(expected[i], offset(1e-6));
        }
    }

    @Test
    void aNetworkCompiledByTheServiceMapsBackToItsDefinition() throws IOException {
        String document = """
                {"name": "roundtrip", "inputShape": [8, 8, 1], "layers": [
                  {"type": "conv2d", "name": "features", "filters": 2, "kernelSize": 3, "activation": "relu"},
                  {"type": "averagePooling2d", "poolSize": 2, "padding": "same"},
                  {"type": "flatten"},
                  {"type": "dropout", "rate": 0.5},
                  {"type": "dense", "units": 3, "activation": "sigmoid", "useBias": false},
                  {"type": "activation", "activation": "softmax"}],
                 "loss": "kl_divergence"}""";
        ParsedDefinition original = new DefinitionParser().parse(tools.jackson.databind.json.JsonMapper.builder().build().readTree(document));
        CompiledNetwork network = compiler.compile(original.architecture(), 11);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        network.writeTo(out);

        ImportedDl4jNetwork imported = reader.read(out.toByteArray(), "roundtrip", new InputShape(8, 8, 1));

        // the flatten (a preprocessor) and the final activation (a loss layer) have no DL4J name; the rest keep theirs
        assertThat(imported.definition().layers()).extracting(LayerSpec::name)
                .containsExactly("features", "average_pooling2d", null, "dropout", "dense", null);
        assertThat(withoutNames(new DefinitionWriter().write(imported.definition())))
                .isEqualTo(withoutNames(new DefinitionWriter().write(original.architecture().definition())));
    }

    private static tools.jackson.databind.JsonNode withoutNames(tools.jackson.databind.JsonNode document) {
        document.get("layers").forEach(layer -> ((tools.jackson.databind.node.ObjectNode) layer).remove("name"));
        return document;
    }

    @Test
    void anUnsupportedLayerIsRefusedNamingIt() throws IOException {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new Deconvolution2D.Builder(2, 2).name("upsample").nOut(2).build())
                .layer(new OutputLayer.Builder().nOut(2).build())
                .setInputType(InputType.convolutional(4, 4, 1)).build());
        network.init();

        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> reader.read(serialize(network), "bad", new InputShape(4, 4, 1)));

        assertThat(e).isNotNull();
        assertThat(e.violations()).extracting(Violation::detail).anySatisfy(detail ->
                assertThat(detail).contains("DL4J layer 0 'upsample'", "Deconvolution2D", "no counterpart", "ConvolutionLayer"));
    }

    @Test
    void withoutAnInputShapeTheFileIsRefusedSayingWhatToGive() throws IOException {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> reader.read(serialize(dl4jBuiltNetwork()), "x", null));

        assertThat(e).isNotNull();
        assertThat(e.violations()).extracting(Violation::field).containsExactly("inputShape");
        assertThat(e.getMessage()).contains("HEIGHT,WIDTH,CHANNELS");
    }

    @Test
    void aWrongInputShapeIsCaughtByTheParameterShapes() throws IOException {
        ImportedDl4jNetwork imported = reader.read(serialize(dl4jBuiltNetwork()), "x", new InputShape(8, 8, 2));
        ParsedDefinition parsed = new DefinitionParser().parse(new DefinitionWriter().write(imported.definition()));

        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> compiler.adopt(parsed.architecture(), imported));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("input shape");
    }

    @Test
    void somethingElseThanADl4jFileIsRefused() {
        InvalidModelFileException e = catchThrowableOfType(InvalidModelFileException.class,
                () -> reader.read(new byte[] {'P', 'K', 3, 4, 0, 0}, "x", new InputShape(1, 1, 1)));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("could not be read as a MultiLayerNetwork");
    }

    private static byte[] serialize(MultiLayerNetwork network) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, out, false);
        return out.toByteArray();
    }

    private Tensor randomNhwc(int batch, int height, int width, int channels) {
        float[] data = new float[batch * height * width * channels];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return new Tensor(new int[] {batch, height, width, channels}, data);
    }
}
