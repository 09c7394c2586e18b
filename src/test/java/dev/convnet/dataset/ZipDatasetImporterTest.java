package dev.convnet.dataset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static dev.convnet.dataset.TestData.Entry.directory;
import static dev.convnet.dataset.TestData.Entry.file;
import static dev.convnet.dataset.TestData.Entry.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZipDatasetImporterTest {

    private static final int RED = 0xFF0000;
    private static final int BLUE = 0x0000FF;

    @TempDir
    Path root;

    private DatasetSettings.Upload limits = DatasetSettings.Upload.defaults();

    private Path uploadDir() {
        return root.resolve("uploads");
    }

    private ZipDatasetImporter importer() {
        DatasetSettings settings = new DatasetSettings(root.resolve("data"), uploadDir(), false, Map.of(),
                DataSize.ofMegabytes(1), limits, java.util.List.of());
        return new ZipDatasetImporter(settings, new UploadedDatasetStore(settings));
    }

    private ImportedDataset importZip(byte[] zip, ImportOptions options) {
        return importer().importZip(new ByteArrayInputStream(zip), "upload.zip", options);
    }

    /** The upload folder holds nothing: no dataset, no staging folder, no received file. */
    private void assertNothingLeftBehind() throws IOException {
        if (Files.exists(uploadDir())) {
            try (Stream<Path> entries = Files.list(uploadDir())) {
                assertThat(entries).isEmpty();
            }
        }
    }

    private void assertRejected(byte[] zip, Class<? extends DatasetUploadRejectedException> type, String entry,
                                String message) throws IOException {
        assertRejected(zip, new ImportOptions("hostile", null, null, null), type, entry, message);
    }

    private void assertRejected(byte[] zip, ImportOptions options, Class<? extends DatasetUploadRejectedException> type,
                                String entry, String message) throws IOException {
        assertThatThrownBy(() -> importZip(zip, options))
                .isInstanceOfSatisfying(type, e -> assertThat(e.entry()).isEqualTo(entry))
                .hasMessageContaining(message);
        assertNothingLeftBehind();
    }

    private static byte[] twoClasses() {
        return TestData.zip(
                file("cats/1.png", TestData.rgbPng(4, 3, RED)),
                file("cats/2.png", TestData.rgbPng(4, 3, RED)),
                file("dogs/1.png", TestData.rgbPng(4, 3, BLUE)));
    }

    @Test
    void importsClassFoldersStoresThemAndLoadsThemBack() {
        ImportedDataset imported = importZip(twoClasses(), new ImportOptions("pets", null, null, null));

        ImageSet train = imported.splits().train();
        assertThat(train.classNames()).containsExactly("cats", "dogs");
        assertThat(train.shape()).isEqualTo(new ImageShape(3, 4, 3));
        assertThat(train.labels()).containsExactly(0, 0, 1);
        assertThat(train.pixels()[0] & 0xFF).isEqualTo(255);
        assertThat(train.pixels()[2 * 12 * 3 + 2] & 0xFF).isEqualTo(255); // blue channel of the dog
        assertThat(imported.splits().test().count()).isZero();
        assertThat(imported.metadata().testSource()).isEqualTo("none");

        UploadedDatasetStore store = new UploadedDatasetStore(DatasetSettings.of(root.resolve("data"), uploadDir()));
        assertThat(store.names()).containsExactly("pets");
        assertThat(store.load("pets")).isEqualTo(imported.splits());
    }

    @Test
    void usesTrainAndTestFoldersInsideAnOptionalRootFolder() {
        byte[] zip = TestData.zip(
                directory("flowers/"),
                file("flowers/train/daisy/a.png", TestData.greyPng(2, 2, 10)),
                file("flowers/train/rose/b.png", TestData.greyPng(2, 2, 200)),
                file("flowers/test/rose/c.png", TestData.greyPng(2, 2, 201)),
                file("__MACOSX/flowers/train/._a.png", new byte[] {1, 2, 3}),
                file("flowers/train/.DS_Store", new byte[] {0}));

        ImportedDataset imported = importZip(zip, new ImportOptions("flowers", null, null, null));

        assertThat(imported.splits().train().classNames()).containsExactly("daisy", "rose");
        assertThat(imported.splits().train().channels()).isEqualTo(1);
        // Grey samples are kept exactly, not passed through an sRGB conversion.
        assertThat(imported.splits().train().pixels()[0] & 0xFF).isEqualTo(10);
        assertThat(imported.splits().test().labels()).containsExactly(1);
        assertThat(imported.splits().test().pixels()[0] & 0xFF).isEqualTo(201);
        assertThat(imported.metadata().testSource()).isEqualTo("test-folder");
    }

    @Test
    void holdsOutTheFirstFilesOfEachClassAsValidationSplit() {
        byte[] zip = TestData.zip(
                file("a/1.png", TestData.greyPng(2, 2, 1)), file("a/2.png", TestData.greyPng(2, 2, 2)),
                file("a/3.png", TestData.greyPng(2, 2, 3)), file("a/4.png", TestData.greyPng(2, 2, 4)),
                file("b/1.png", TestData.greyPng(2, 2, 11)), file("b/2.png", TestData.greyPng(2, 2, 12)));

        ImportedDataset imported = importZip(zip, new ImportOptions("split", 0.5, null, null));

        assertThat(imported.splits().test().labels()).containsExactly(0, 0, 1);
        assertThat(imported.splits().test().pixels()[0]).isEqualTo((byte) 1);
        assertThat(imported.splits().train().labels()).containsExactly(0, 0, 1);
        assertThat(imported.splits().train().pixels()[0]).isEqualTo((byte) 3);
        assertThat(imported.metadata().testSource()).isEqualTo("validation-split");
    }

    @Test
    void resizesMixedSizesToATargetSizeAndReadsJpeg() {
        byte[] zip = TestData.zip(
                file("a/big.png", TestData.rgbPng(8, 8, RED)),
                file("b/small.jpg", TestData.image("jpeg", 2, 2, BufferedImage.TYPE_INT_RGB, BLUE)));

        ImportedDataset imported = importZip(zip, new ImportOptions("resized", null, new ImportOptions.TargetSize(4, 5), null));

        ImageSet train = imported.splits().train();
        assertThat(train.shape()).isEqualTo(new ImageShape(4, 5, 3));
        assertThat(train.pixels()[0] & 0xFF).isEqualTo(255);
        assertThat(train.pixels()[60 + 2] & 0xFF).isGreaterThan(200); // JPEG is lossy, but still blue
    }

    @Test
    void colorModeConvertsChannels() {
        ImportedDataset grey = importZip(twoClasses(),
                new ImportOptions("grey", null, null, ImportOptions.ColorMode.GRAYSCALE));
        assertThat(grey.splits().train().channels()).isEqualTo(1);
        assertThat(grey.splits().train().pixels()[0] & 0xFF).isEqualTo(76); // 0.299 * 255

        byte[] greyZip = TestData.zip(file("a/1.png", TestData.greyPng(1, 1, 9)),
                file("b/1.png", TestData.greyPng(1, 1, 9)));
        ImportedDataset rgb = importZip(greyZip, new ImportOptions("rgb", null, null, ImportOptions.ColorMode.RGB));
        assertThat(rgb.splits().train().pixels()).containsExactly(9, 9, 9, 9, 9, 9);
    }

    @Test
    void refusesEntriesEscapingTheFolder() throws IOException {
        byte[] png = TestData.rgbPng(1, 1, RED);
        assertRejected(TestData.zip(file("cats/1.png", png), file("../dogs/1.png", png)),
                InvalidDatasetUploadException.class, "../dogs/1.png", "escapes");
        assertRejected(TestData.zip(file("cats/1.png", png), file("dogs/../../x/1.png", png)),
                InvalidDatasetUploadException.class, "dogs/../../x/1.png", "escapes");
        // Commons Compress turns the backslashes of DOS-made entries into slashes; either way it is refused.
        assertRejected(TestData.zip(file("cats/1.png", png), file("dogs\\..\\..\\1.png", png)),
                InvalidDatasetUploadException.class, "dogs/../../1.png", "escapes");
    }

    @Test
    void refusesAbsolutePaths() throws IOException {
        byte[] png = TestData.rgbPng(1, 1, RED);
        assertRejected(TestData.zip(file("cats/1.png", png), file("/etc/dogs/1.png", png)),
                InvalidDatasetUploadException.class, "/etc/dogs/1.png", "absolute path");
        assertRejected(TestData.zip(file("cats/1.png", png), file("C:/dogs/1.png", png)),
                InvalidDatasetUploadException.class, "C:/dogs/1.png", "absolute path");
    }

    @Test
    void refusesSymbolicLinks() throws IOException {
        byte[] png = TestData.rgbPng(1, 1, RED);
        assertRejected(TestData.zip(file("cats/1.png", png), symlink("dogs/1.png", "/etc/passwd")),
                InvalidDatasetUploadException.class, "dogs/1.png", "symbolic link");
    }

    @Test
    void refusesMoreEntriesThanConfigured() throws IOException {
        limits = TestData.uploadLimits(1 << 20, 3, 1 << 20, 1 << 20, 1 << 20);
        byte[] png = TestData.rgbPng(1, 1, RED);
        assertThatThrownBy(() -> importZip(TestData.zip(file("a/1.png", png), file("a/2.png", png),
                file("b/1.png", png), file("b/2.png", png)), new ImportOptions("many", null, null, null)))
                .isInstanceOfSatisfying(DatasetUploadTooLargeException.class,
                        e -> assertThat(e.limit()).isEqualTo("max-entries"));
        assertNothingLeftBehind();
    }

    @Test
    void refusesAnArchiveLargerThanConfigured() throws IOException {
        limits = TestData.uploadLimits(100, 100, 1 << 20, 1 << 20, 1 << 20);
        assertRejected(twoClasses(), DatasetUploadTooLargeException.class, null, "max-archive-size");
    }

    @Test
    void countsInflatedBytesInsteadOfTrustingTheHeaders() throws IOException {
        limits = TestData.uploadLimits(1 << 20, 100, 100_000, 1 << 20, 1 << 20);
        byte[] zip = TestData.zip(file("a/1.png", TestData.rgbPng(1, 1, RED)), file("b/bomb.png", new byte[1 << 20]));
        // Make the central directory claim 10 uncompressed bytes for every entry.
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 4 <= zip.length; at++) {
            if (buffer.getInt(at) == 0x02014b50) {
                buffer.putInt(at + 24, 10);
            }
        }
        assertRejected(zip, DatasetUploadTooLargeException.class, "b/bomb.png", "max-uncompressed-size");
    }

    @Test
    void holdsNoMoreOfOneEntryThanMaxEntrySizeWhateverItsHeaderSays() throws IOException {
        limits = new DatasetSettings.Upload(DataSize.ofMegabytes(1), 100, DataSize.ofGigabytes(1), 1 << 20,
                DataSize.ofGigabytes(1), DataSize.ofKilobytes(100), 2);
        byte[] zip = TestData.zip(file("a/1.png", TestData.rgbPng(1, 1, RED)), file("b/bomb.png", new byte[1 << 20]));
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 4 <= zip.length; at++) {
            if (buffer.getInt(at) == 0x02014b50) {
                buffer.putInt(at + 24, 10); // the central directory claims 10 bytes
            }
        }
        assertRejected(zip, DatasetUploadTooLargeException.class, "b/bomb.png", "max-entry-size");
        assertRejected(TestData.zip(file("a/1.png", TestData.rgbPng(1, 1, RED)), file("b/bomb.png", new byte[1 << 20])),
                DatasetUploadTooLargeException.class, "b/bomb.png", "max-entry-size");
    }

    @Test
    void refusesAnImageOverThePixelLimitBeforeDecodingIt() throws IOException {
        limits = TestData.uploadLimits(1 << 20, 100, 1 << 20, 10_000, 1 << 30);
        // A 2x2 PNG whose header claims 50000 x 50000 pixels: decoding it would need gigabytes.
        byte[] claimsHuge = TestData.pngClaimingSize(TestData.rgbPng(2, 2, RED), 50_000, 50_000);
        assertRejected(TestData.zip(file("a/1.png", TestData.rgbPng(2, 2, RED)), file("b/huge.png", claimsHuge)),
                DatasetUploadTooLargeException.class, "b/huge.png", "50000x50000 pixels");
    }

    @Test
    void refusesImagesThatDecodeToMoreThanConfigured() throws IOException {
        limits = TestData.uploadLimits(1 << 20, 100, 1 << 20, 1 << 20, 100);
        assertRejected(TestData.zip(file("a/1.png", TestData.rgbPng(5, 5, RED)), file("b/1.png",
                TestData.rgbPng(5, 5, RED))), DatasetUploadTooLargeException.class, "b/1.png", "max-decoded-size");
    }

    @Test
    void refusesFilesThatAreNotImagesInAServedFormat() throws IOException {
        byte[] png = TestData.rgbPng(1, 1, RED);
        assertRejected(TestData.zip(file("cats/1.png", png), file("dogs/notes.txt", "hello".getBytes())),
                InvalidDatasetUploadException.class, "dogs/notes.txt", "not an image in any known format");
        // Predictions refuse TIFF, so a model could never be asked about what it was trained on.
        assertRejected(TestData.zip(file("cats/1.png", png),
                        file("dogs/1.tif", TestData.image("tiff", 1, 1, BufferedImage.TYPE_INT_RGB, RED))),
                InvalidDatasetUploadException.class, "dogs/1.tif", "is not accepted");
        byte[] brokenPng = java.util.Arrays.copyOf(png, 40);
        assertRejected(TestData.zip(file("cats/1.png", png), file("dogs/1.png", brokenPng)),
                InvalidDatasetUploadException.class, "dogs/1.png", "truncated");
    }

    @Test
    void readsEveryFormatPredictionsRead() {
        byte[] zip = TestData.zip(
                file("a/1.gif", TestData.image("gif", 2, 2, BufferedImage.TYPE_INT_RGB, RED)),
                file("b/1.bmp", TestData.image("bmp", 2, 2, BufferedImage.TYPE_INT_RGB, BLUE)));

        ImageSet train = importZip(zip, new ImportOptions("formats", null, null, null)).splits().train();

        assertThat(train.pixels()).containsExactly(
                -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0,
                0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1);
    }

    @Test
    void recordsTheResizeOnlyWhenImagesWereResized() {
        assertThat(importZip(twoClasses(), new ImportOptions("kept", null, null, null)).metadata().resize()).isNull();
        assertThat(importZip(twoClasses(), new ImportOptions("stretched", null, new ImportOptions.TargetSize(2, 2), null)).metadata().resize())
                .isEqualTo("stretch");
    }

    @Test
    void refusesATargetSideAboveTheApisLimit() {
        int max = ImportOptions.TargetSize.MAX_SIDE;
        assertThatThrownBy(() -> importZip(twoClasses(), new ImportOptions("x", null, new ImportOptions.TargetSize(max + 1, 1), null)))
                .isInstanceOfSatisfying(InvalidDatasetUploadException.class,
                        e -> assertThat(e.field()).isEqualTo("targetSize"))
                .hasMessageContaining("1 to " + max);
    }

    @Test
    void refusesASingleClass() throws IOException {
        byte[] png = TestData.rgbPng(1, 1, RED);
        assertRejected(TestData.zip(file("cats/1.png", png), file("cats/2.png", png)),
                InvalidDatasetUploadException.class, null, "at least two class folders");
    }

    @Test
    void refusesMixedSizesWithoutTargetSize() throws IOException {
        assertRejected(TestData.zip(file("cats/1.png", TestData.rgbPng(4, 4, RED)),
                        file("dogs/1.png", TestData.rgbPng(4, 5, RED))),
                InvalidDatasetUploadException.class, "dogs/1.png", "give a target size");
    }

    @Test
    void refusesMalformedArchivesAndLayouts() throws IOException {
        byte[] png = TestData.rgbPng(1, 1, RED);
        assertRejected("not a zip at all".getBytes(), InvalidDatasetUploadException.class, null, "not a readable zip");
        assertRejected(TestData.zip(file("cats/1.png", png), file("dogs/1.png", png), file("readme.png", png)),
                InvalidDatasetUploadException.class, "readme.png", "not in a class folder");
        assertRejected(TestData.zip(file("train/cats/1.png", png), file("train/dogs/1.png", png),
                        file("test/birds/1.png", png)),
                InvalidDatasetUploadException.class, "test/birds/1.png", "no training images");
        assertRejected(TestData.zip(directory("empty/")), InvalidDatasetUploadException.class, null, "no images");
    }

    @Test
    void validatesOptionsBeforeReadingAnything() throws IOException {
        assertThatThrownBy(() -> importZip(twoClasses(), new ImportOptions("Bad Name", null, null, null)))
                .isInstanceOfSatisfying(InvalidDatasetUploadException.class,
                        e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> importZip(twoClasses(), new ImportOptions("x", 1.0, null, null)))
                .isInstanceOfSatisfying(InvalidDatasetUploadException.class,
                        e -> assertThat(e.field()).isEqualTo("validationSplit"));
        assertThatThrownBy(() -> importZip(twoClasses(), new ImportOptions("x", null, new ImportOptions.TargetSize(0, 5), null)))
                .isInstanceOfSatisfying(InvalidDatasetUploadException.class,
                        e -> assertThat(e.field()).isEqualTo("targetSize"));
        assertThatThrownBy(() -> importZip(twoClasses(), new ImportOptions("mnist", null, null, null)))
                .isInstanceOf(DatasetAlreadyExistsException.class);
        assertNothingLeftBehind();

        importZip(twoClasses(), new ImportOptions("pets", null, null, null));
        assertThatThrownBy(() -> importZip(twoClasses(), new ImportOptions("pets", null, null, null)))
                .isInstanceOf(DatasetAlreadyExistsException.class).hasMessageContaining("'pets'");
    }

    @Test
    void refusesAValidationSplitTogetherWithATestFolder() throws IOException {
        byte[] png = TestData.rgbPng(1, 1, RED);
        assertRejected(TestData.zip(file("train/a/1.png", png), file("train/b/1.png", png), file("test/a/2.png", png)),
                new ImportOptions("both", 0.2, null, null), InvalidDatasetUploadException.class, null,
                "already has a test/ folder");
    }
}
