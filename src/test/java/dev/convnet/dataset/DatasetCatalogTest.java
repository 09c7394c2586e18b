package dev.convnet.dataset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static dev.convnet.dataset.TestData.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetCatalogTest {

    @TempDir
    Path uploadDir;

    private DatasetSettings settings(boolean downloadEnabled) {
        return new DatasetSettings(TestData.SHARED_DATASETS, uploadDir, downloadEnabled, Map.of(),
                DataSize.ofMegabytes(1), DatasetSettings.Upload.defaults(), java.util.List.of());
    }

    private DatasetCatalog catalog(DatasetSettings settings) {
        DatasetLocator locator = new DatasetLocator(settings, new DatasetDownloader(settings));
        return new DatasetCatalog(settings, locator, new BuiltInDatasetLoader(locator),
                new UploadedDatasetStore(settings), new FolderDatasets(new FolderDatasetSettings(null, 2), settings));
    }

    private void upload(DatasetSettings settings, String name) {
        byte[] zip = TestData.zip(file("cats/1.png", TestData.rgbPng(3, 2, 0xFF0000)),
                file("dogs/1.png", TestData.rgbPng(3, 2, 0x00FF00)));
        new ZipDatasetImporter(settings, new UploadedDatasetStore(settings))
                .importZip(new ByteArrayInputStream(zip), "pets.zip", new ImportOptions(name, null, null, null));
    }

    @Test
    void listsBuiltInDatasetsWithTheirAvailabilityOnThisNode() {
        DatasetCatalog catalog = catalog(settings(false));

        assertThat(catalog.list()).extracting(DatasetInfo::name, DatasetInfo::available, DatasetInfo::downloadable)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mnist", true, false),
                        org.assertj.core.groups.Tuple.tuple("fashion-mnist", true, false),
                        org.assertj.core.groups.Tuple.tuple("cifar-10", false, false),
                        org.assertj.core.groups.Tuple.tuple("cifar-100", false, false),
                        org.assertj.core.groups.Tuple.tuple("cifar-100-coarse", false, false));
        assertThat(catalog(settings(true)).describe("cifar-10").downloadable()).isTrue();
    }

    @Test
    void describesClassesShapeAndSizes() {
        DatasetInfo fashion = catalog(settings(false)).describe("fashion-mnist");

        assertThat(fashion.source()).isEqualTo(DatasetSource.BUILT_IN);
        assertThat(fashion.classes()).hasSize(10).first().isEqualTo(new DatasetClass(0, "T-shirt/top"));
        assertThat(fashion.shape()).isEqualTo(new ImageShape(28, 28, 1));
        assertThat(fashion.trainSize()).isEqualTo(60_000);
        assertThat(fashion.testSize()).isEqualTo(10_000);
        assertThat(catalog(settings(false)).describe("cifar-100-coarse").classes()).hasSize(20);
    }

    @Test
    void listsAndLoadsUploadedDatasets() {
        DatasetSettings settings = settings(false);
        upload(settings, "pets");
        DatasetCatalog catalog = catalog(settings);

        DatasetInfo pets = catalog.describe("pets");
        assertThat(pets.source()).isEqualTo(DatasetSource.UPLOADED);
        assertThat(pets.classNames()).containsExactly("cats", "dogs");
        assertThat(pets.shape()).isEqualTo(new ImageShape(2, 3, 3));
        assertThat(pets.available()).isTrue();
        assertThat(catalog.list()).extracting(DatasetInfo::name).endsWith("pets").hasSize(6);
        assertThat(catalog.load("pets").train().labels()).containsExactly(0, 1);
    }

    @Test
    void unknownNamesAreNotFoundAndUnavailableBuiltInsSayWhatToDo() {
        DatasetCatalog catalog = catalog(settings(false));

        assertThatThrownBy(() -> catalog.describe("imagenet")).isInstanceOf(DatasetNotFoundException.class);
        assertThatThrownBy(() -> catalog.load("../mnist")).isInstanceOf(DatasetNotFoundException.class);
        assertThatThrownBy(() -> catalog.load("cifar-100-coarse"))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("Put train.bin, test.bin (the files in cifar-100-binary/ of cifar-100-binary.tar.gz");
    }

    @Test
    void aTamperedUploadIsReportedOnLoad() throws IOException {
        DatasetSettings settings = settings(false);
        upload(settings, "pets");
        Path labels = uploadDir.resolve("pets").resolve("train-labels.idx");
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length - 1] = 0;
        Files.write(labels, bytes);

        assertThatThrownBy(() -> catalog(settings).load("pets"))
                .isInstanceOfSatisfying(DatasetUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(DatasetUnavailableException.Reason.CORRUPT))
                .hasMessageContaining("train-labels.idx");
    }
}
