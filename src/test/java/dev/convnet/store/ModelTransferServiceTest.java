package dev.convnet.store;

import dev.convnet.common.ConvnetProperties;
import dev.convnet.common.LimitExceededException;
import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.dl4j.InvalidModelFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/** Import dispatch by content: which importer gets a file, and what is refused with which advice. */
class ModelTransferServiceTest {

    private final Dl4jModelImporter dl4j = mock(Dl4jModelImporter.class);
    private final KerasModelImporter keras = mock(KerasModelImporter.class);
    private final ModelTransferService transfers = new ModelTransferService(mock(ModelExporter.class), mock(OnnxModelExporter.class),
            new ModelZipInspector(JsonMapper.builder().build(), properties(DataSize.ofKilobytes(1))), dl4j, keras);

    private static ConvnetProperties properties(DataSize maxRequestSize) {
        return new ConvnetProperties(Path.of("unused"), new ConvnetProperties.Api(maxRequestSize));
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void anHdf5FileGoesToTheKerasImporterWhateverItsName() {
        byte[] hdf5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0};
        ModelEntry imported = new ModelEntry(null, null, null);
        given(keras.importModel(hdf5, "m")).willReturn(imported);

        assertThat(transfers.importModel(hdf5, "model.zip", "m", null)).isSameAs(imported);
        verifyNoInteractions(dl4j);
    }

    @Test
    void aDl4jZipGoesToTheDl4jImporterWithItsEmbeddedDefinition() throws IOException {
        byte[] file = zip(Map.of("configuration.json", new byte[] {'{', '}'}, "coefficients.bin", new byte[4],
                ModelExporter.DEFINITION_ENTRY, "{\"name\":\"lenet\",\"inputShape\":[28,28,1]}".getBytes()));
        ModelEntry imported = new ModelEntry(null, null, null);
        given(dl4j.importModel(eq(file), any(), eq("m.zip"), isNull(), isNull())).willAnswer(call -> {
            ModelZipInspector.Contents contents = call.getArgument(1);
            assertThat(contents.definition().get("name").stringValue()).isEqualTo("lenet");
            return imported;
        });

        assertThat(transfers.importModel(file, "m.zip", null, null)).isSameAs(imported);
        verifyNoInteractions(keras);
    }

    @Test
    void aKeras3FileIsRefusedWithWhatToDoInstead() throws IOException {
        byte[] file = zip(Map.of("config.json", new byte[] {'{', '}'}, "model.weights.h5", new byte[1]));

        assertThatThrownBy(() -> transfers.importModel(file, "m.keras", null, null))
                .isInstanceOf(InvalidModelFileException.class)
                .hasMessageContaining("Keras 3 .keras file")
                .hasMessageContaining("model.to_json()");
    }

    @Test
    void aSavedModelIsRefusedByName() throws IOException {
        byte[] file = zip(Map.of("m/saved_model.pb", new byte[1]));

        assertThatThrownBy(() -> transfers.importModel(file, "m.zip", null, null))
                .isInstanceOf(InvalidModelFileException.class)
                .hasMessageContaining("TensorFlow SavedModel");
    }

    @Test
    void neitherHdf5NorZipIsRefusedNamingWhatIsAccepted() {
        assertThatThrownBy(() -> transfers.importModel(new byte[] {1, 2, 3}, "m.bin", null, null))
                .isInstanceOf(InvalidModelFileException.class)
                .hasMessageContaining("Unrecognized model file")
                .hasMessageContaining(ModelTransferService.ACCEPTED);
    }

    @Test
    void aZipInflatingBeyondFourTimesTheRequestLimitIsRefusedAsABomb() throws IOException {
        byte[] file = zip(Map.of("configuration.json", new byte[5 * 1024], "coefficients.bin", new byte[4]));

        assertThatThrownBy(() -> transfers.importModel(file, "m.zip", null, null))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("zip bomb");
        verifyNoInteractions(dl4j);
    }

    @Test
    void aMalformedInputShapeNamesTheParameter() {
        assertThatThrownBy(() -> Dl4jModelImporter.parseInputShape("28,28"))
                .isInstanceOfSatisfying(dev.convnet.common.BadRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("inputShape"));
        assertThat(Dl4jModelImporter.parseInputShape("[28, 28, 1]").asList()).containsExactly(28, 28, 1);
        assertThat(Dl4jModelImporter.fileStem("C:\\models\\my model.zip")).isEqualTo("my_model");
    }
}
