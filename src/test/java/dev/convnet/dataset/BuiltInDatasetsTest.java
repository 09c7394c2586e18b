package dev.convnet.dataset;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltInDatasetsTest {

    @Test
    void knowsTheFiveBuiltInDatasetsByName() {
        assertThat(BuiltInDatasets.ALL).extracting(BuiltInDataset::name)
                .containsExactly("mnist", "fashion-mnist", "cifar-10", "cifar-100", "cifar-100-coarse");
        assertThat(BuiltInDatasets.find("cifar-100-coarse")).contains(BuiltInDatasets.CIFAR100_COARSE);
        assertThat(BuiltInDatasets.find("imagenet")).isEmpty();
    }

    @Test
    void classNamesMatchTheOfficialCounts() {
        assertThat(BuiltInDatasets.MNIST.classNames()).hasSize(10).startsWith("0").endsWith("9");
        assertThat(BuiltInDatasets.FASHION_MNIST.classNames()).hasSize(10).startsWith("T-shirt/top")
                .endsWith("Ankle boot");
        assertThat(BuiltInDatasets.CIFAR10.classNames()).hasSize(10).startsWith("airplane").endsWith("truck");
        assertThat(BuiltInDatasets.CIFAR100.classNames()).hasSize(100).doesNotHaveDuplicates();
        assertThat(BuiltInDatasets.CIFAR100_COARSE.classNames()).hasSize(20).doesNotHaveDuplicates();
        // The CIFAR-100 label files list their names alphabetically.
        assertThat(BuiltInDatasets.CIFAR100.classNames()).isSorted();
        assertThat(BuiltInDatasets.CIFAR100_COARSE.classNames()).isSorted();
    }

    @Test
    void cifar100FineAndCoarseShareFilesButNotLabels() {
        assertThat(BuiltInDatasets.CIFAR100.folder()).isEqualTo(BuiltInDatasets.CIFAR100_COARSE.folder());
        assertThat(BuiltInDatasets.CIFAR100.files()).isEqualTo(BuiltInDatasets.CIFAR100_COARSE.files());
        assertThat(BuiltInDatasets.CIFAR100.format()).isNotEqualTo(BuiltInDatasets.CIFAR100_COARSE.format());
    }

    @Test
    void fileSizesAddUpToTheSplitSizes() {
        for (BuiltInDataset dataset : BuiltInDatasets.ALL) {
            long imageBytes = dataset.shape().size();
            long train = dataset.trainFiles().stream().mapToLong(DatasetFile::size).sum();
            long test = dataset.testFiles().stream().mapToLong(DatasetFile::size).sum();
            long labelBytesPerImage = switch (dataset.format()) {
                case IDX -> 1;
                case CIFAR_10_BINARY -> 1;
                case CIFAR_100_BINARY_FINE, CIFAR_100_BINARY_COARSE -> 2;
            };
            long headers = dataset.format() == DatasetFormat.IDX ? 16 + 8 : 0;
            assertThat(train).as(dataset.name()).isEqualTo(dataset.trainSize() * (imageBytes + labelBytesPerImage) + headers);
            assertThat(test).as(dataset.name()).isEqualTo(dataset.testSize() * (imageBytes + labelBytesPerImage) + headers);
        }
    }

    @Test
    void idxChecksumsArePresentAndDistinct() {
        List<String> checksums = BuiltInDatasets.ALL.stream()
                .filter(dataset -> dataset.format() == DatasetFormat.IDX)
                .flatMap(dataset -> dataset.files().stream()).map(DatasetFile::sha256).toList();
        assertThat(checksums).hasSize(8).allMatch(sha -> sha.matches("[0-9a-f]{64}"));
        assertThat(new HashSet<>(checksums)).hasSize(8);
        assertThat(BuiltInDatasets.CIFAR10.download()).isInstanceOfSatisfying(DownloadSpec.TarGzArchive.class,
                archive -> assertThat(archive.archiveSha256()).matches("[0-9a-f]{64}"));
    }
}
