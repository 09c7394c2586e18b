package dev.convnet.engine.keras;

import dev.convnet.common.Tensor;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.definition.ParsedDefinition;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.InvalidModelFileException;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.runtime.NativeLibraryUnavailableException;
import dev.convnet.support.KerasHdf5Files;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.offset;

/**
 * A Keras 2 HDF5 file read through DL4J's HDF5 reader, its config through the definition parser and its
 * weights through {@link CompiledNetwork#setKerasWeights}; predictions against a forward pass written here
 * over Keras's layouts (NHWC, kernel [kh, kw, in, out], flatten in (h, w, c) order, dense [in, out]).
 */
class KerasHdf5FileTest {

    @TempDir
    Path dir;

    @Test
    void readsConfigAndWeightsAndPredictsLikeKeras() throws IOException {
        Map<String, Tensor> weights = KerasHdf5Files.convFlattenDenseWeights(5);
        Path file = Files.write(dir.resolve("m.h5"), KerasHdf5Files.convFlattenDenseFile(weights));

        CompiledNetwork network;
        try (KerasHdf5File hdf5 = KerasHdf5File.open(file)) {
            KerasHdf5File.Metadata metadata = hdf5.metadata();
            assertThat(metadata.modelConfig()).hasSizeGreaterThan(2048).isEqualTo(KerasHdf5Files.CONV_FLATTEN_DENSE_CONFIG.strip());
            assertThat(metadata.kerasVersion()).isEqualTo("2.13.1");
            assertThat(metadata.backend()).isEqualTo("tensorflow");
            assertThat(metadata.trainingConfig()).contains("categorical_crossentropy");
            ParsedDefinition parsed = new DefinitionParser().parse(JsonMapper.builder().build().readTree(metadata.modelConfig()));
            network = new NetworkCompiler().compile(parsed.architecture(), 1);
            network.setKerasWeights(hdf5.weights(network.weightSlots()));
        }

        Random random = new Random(9);
        float[] input = new float[2 * 5 * 4 * 2];
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() * 2 - 1;
        }
        float[] output = network.predict(new Tensor(new int[] {2, 5, 4, 2}, input)).data();
        for (int n = 0; n < 2; n++) {
            double[] expected = reference(input, n * 40, weights);
            for (int k = 0; k < 3; k++) {
                assertThat((double) output[n * 3 + k]).as("sample %d class %d", n, k).isCloseTo(expected[k], offset(1e-6));
            }
        }
    }

    @Test
    void aWeightMissingFromTheFileIsNamed() throws IOException {
        Map<String, Tensor> weights = KerasHdf5Files.convFlattenDenseWeights(5);
        weights.remove("dense/bias");
        Path file = Files.write(dir.resolve("m.h5"), KerasHdf5Files.convFlattenDenseFile(weights));

        try (KerasHdf5File hdf5 = KerasHdf5File.open(file)) {
            ParsedDefinition parsed = new DefinitionParser().parse(JsonMapper.builder().build().readTree(hdf5.metadata().modelConfig()));
            CompiledNetwork network = new NetworkCompiler().compile(parsed.architecture(), 1);
            InvalidModelFileException e = catchThrowableOfType(InvalidModelFileException.class,
                    () -> hdf5.weights(network.weightSlots()));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("no weight 'bias' for layer 'dense'");
        }
    }

    @Test
    void aWeightDeclaringAnotherShapeIsRefusedBeforeItsValuesAreRead() throws IOException {
        // 12 x 3e9 floats declared in a file of a few kilobytes: reading it would ask for 144 GB
        Path file = Files.write(dir.resolve("m.h5"), KerasHdf5Files.convFlattenDenseFileDeclaringDenseKernel(12, 3_000_000_000L));

        try (KerasHdf5File hdf5 = KerasHdf5File.open(file)) {
            ParsedDefinition parsed = new DefinitionParser().parse(JsonMapper.builder().build().readTree(hdf5.metadata().modelConfig()));
            CompiledNetwork network = new NetworkCompiler().compile(parsed.architecture(), 1);
            InvalidModelFileException e = catchThrowableOfType(InvalidModelFileException.class,
                    () -> hdf5.weights(network.weightSlots()));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("has shape [12, 3000000000] in the file", "[12, 3]");
        }
    }

    @Test
    void aWeightsOnlyFileIsRefusedWithWhatToDo() throws IOException {
        Path file = Files.write(dir.resolve("w.h5"), KerasHdf5Files.write(null, "2.13.1", null, List.of()));

        try (KerasHdf5File hdf5 = KerasHdf5File.open(file)) {
            InvalidModelFileException e = catchThrowableOfType(InvalidModelFileException.class, hdf5::metadata);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("no model_config", "model.save(\"m.h5\")");
        }
    }

    /** Conv2D(2, 3x3, valid, relu) -> Flatten (h, w, c) -> Dense(3, softmax), sample at {@code offset} of NHWC input. */
    private static double[] reference(float[] x, int offset, Map<String, Tensor> weights) {
        float[] kernel = weights.get("conv2d/kernel").data();
        float[] bias = weights.get("conv2d/bias").data();
        float[] denseKernel = weights.get("dense/kernel").data();
        float[] denseBias = weights.get("dense/bias").data();
        double[] flat = new double[12];
        for (int oh = 0; oh < 3; oh++) {
            for (int ow = 0; ow < 2; ow++) {
                for (int f = 0; f < 2; f++) {
                    double sum = bias[f];
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            for (int c = 0; c < 2; c++) {
                                sum += x[offset + ((oh + i) * 4 + (ow + j)) * 2 + c] * kernel[((i * 3 + j) * 2 + c) * 2 + f];
                            }
                        }
                    }
                    flat[(oh * 2 + ow) * 2 + f] = Math.max(0, sum);
                }
            }
        }
        double[] logits = new double[3];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            logits[k] = denseBias[k];
            for (int i = 0; i < 12; i++) {
                logits[k] += flat[i] * denseKernel[i * 3 + k];
            }
            max = Math.max(max, logits[k]);
        }
        double total = 0;
        for (int k = 0; k < 3; k++) {
            logits[k] = Math.exp(logits[k] - max);
            total += logits[k];
        }
        for (int k = 0; k < 3; k++) {
            logits[k] /= total;
        }
        return logits;
    }

    @Test
    void aPlatformWithoutHdf5NativesAnswers501WithWhatToDoInstead() {
        NativeLibraryUnavailableException e = catchThrowableOfType(NativeLibraryUnavailableException.class,
                () -> KerasHdf5File.open(dir.resolve("m.h5"), path -> {
                    throw new UnsatisfiedLinkError("no jnihdf5 in java.library.path");
                }));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("Keras HDF5 import").contains("model.to_json()");
    }
}
