package dev.convnet.dataset;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static dev.convnet.dataset.TestData.SHARED_DATASETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuiltInDatasetLoaderTest {

    @TempDir
    Path dataDir;

    private static BuiltInDatasetLoader offlineLoader(Path dir) {
        DatasetSettings settings = new DatasetSettings(dir, dir.resolve("uploads"), false, Map.of(),
                DataSize.ofMegabytes(1), DatasetSettings.Upload.defaults(), java.util.List.of());
        return new BuiltInDatasetLoader(new DatasetLocator(settings, new DatasetDownloader(settings)));
    }

    @Test
    void loadsRealMnistAndVerifiesItsChecksums() {
        DatasetSplits mnist = offlineLoader(SHARED_DATASETS).load(BuiltInDatasets.MNIST);

        assertThat(mnist.train().count()).isEqualTo(60_000);
        assertThat(mnist.test().count()).isEqualTo(10_000);
        assertThat(Arrays.copyOf(mnist.train().labels(), 10)).containsExactly(5, 0, 4, 1, 9, 2, 1, 3, 1, 4);
        assertThat(mnist.train().classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void loadsRealFashionMnist() {
        DatasetSplits fashion = offlineLoader(SHARED_DATASETS).load(BuiltInDatasets.FASHION_MNIST);
        assertThat(fashion.train().count()).isEqualTo(60_000);
        assertThat(fashion.test().shape()).isEqualTo(new ImageShape(28, 28, 1));
        assertThat(fashion.test().numClasses()).isEqualTo(10);
    }

    @Test
    void reportsALocalFileThatDoesNotMatchItsChecksum() throws IOException {
        BuiltInDataset tiny = TinyDatasets.idx(URI.create("http://127.0.0.1:1/"));
        Path folder = Files.createDirectories(dataDir.resolve("tiny"));
        TinyDatasets.IDX_FILES.forEach((name, content) -> write(folder.resolve(name), content));
        byte[] altered = TinyDatasets.IDX_FILES.get("train-labels-idx1-ubyte").clone();
        altered[altered.length - 1] = 0; // still a valid label, so only the checksum can tell
        Files.write(folder.resolve("train-labels-idx1-ubyte"), altered);

        assertThatThrownBy(() -> offlineLoader(dataDir).load(tiny))
                .isInstanceOfSatisfying(DatasetUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(DatasetUnavailableException.Reason.CORRUPT))
                .hasMessageContaining("train-labels-idx1-ubyte: SHA-256 of the content is");
    }

    @Test
    void reportsCifarFilesOfTheWrongSize() throws IOException {
        BuiltInDataset cifar = TinyDatasets.cifar(URI.create("http://127.0.0.1:1/"), null);
        Path folder = Files.createDirectories(dataDir.resolve("tiny-cifar"));
        Files.write(folder.resolve("data_batch_1.bin"), TinyDatasets.CIFAR_FILES.get("test_batch.bin"));
        Files.write(folder.resolve("test_batch.bin"), TinyDatasets.CIFAR_FILES.get("test_batch.bin"));

        assertThatThrownBy(() -> offlineLoader(dataDir).load(cifar))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("data_batch_1.bin: is 3073 bytes, expected 6146");
    }

    @Test
    void loadsCifarFilesThatAreStructurallySound() throws IOException {
        BuiltInDataset cifar = TinyDatasets.cifar(URI.create("http://127.0.0.1:1/"), null);
        Path folder = Files.createDirectories(dataDir.resolve("tiny-cifar"));
        TinyDatasets.CIFAR_FILES.forEach((name, content) -> write(folder.resolve(name), content));

        DatasetSplits splits = offlineLoader(dataDir).load(cifar);

        assertThat(splits.train().labels()).containsExactly(3, 7);
        assertThat(splits.train().classNames()).contains("cat", "horse");
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
