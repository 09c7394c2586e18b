package dev.convnet.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.convnet.dataset.TestData.SHARED_DATASETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsRealGzippedMnistTestSet() throws IOException {
        ImageSet test = IdxReader.read(SHARED_DATASETS.resolve("mnist/t10k-images-idx3-ubyte.gz"),
                SHARED_DATASETS.resolve("mnist/t10k-labels-idx1-ubyte.gz"), BuiltInDatasets.DIGITS);

        assertThat(test.count()).isEqualTo(10_000);
        assertThat(test.shape()).isEqualTo(new ImageShape(28, 28, 1));
        assertThat(Arrays.copyOf(test.labels(), 10)).containsExactly(7, 2, 1, 0, 4, 1, 4, 9, 5, 9);
    }

    @Test
    void readsUncompressedAndGzippedFilesAlikeRegardlessOfTheirNames() throws IOException {
        byte[] images = TestData.idxImages(3, 2, 4);
        Path plain = Files.write(dir.resolve("images.gz"), images);
        Path gzipped = Files.write(dir.resolve("images-idx3-ubyte"), TestData.gzip(images));
        Path labels = Files.write(dir.resolve("labels"), TestData.idxLabels(1, 0, 1));

        ImageSet fromPlain = IdxReader.read(plain, labels, List.of("a", "b"));
        ImageSet fromGzip = IdxReader.read(gzipped, labels, List.of("a", "b"));

        assertThat(fromPlain).isEqualTo(fromGzip);
        assertThat(fromPlain.height()).isEqualTo(2);
        assertThat(fromPlain.width()).isEqualTo(4);
        assertThat(fromPlain.pixels()[8]).isEqualTo((byte) 7);
    }

    @Test
    void readsFourDimensionalImagesAsChannelsLast() throws IOException {
        Path images = Files.write(dir.resolve("i"), TestData.idx(new int[] {1, 2, 2, 3}, new byte[12]));
        Path labels = Files.write(dir.resolve("l"), TestData.idxLabels(0));
        assertThat(IdxReader.read(images, labels, List.of("a")).shape()).isEqualTo(new ImageShape(2, 2, 3));
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        byte[] bytes = TestData.idxImages(1, 2, 2);
        bytes[2] = 0x0D; // float data
        Path file = Files.write(dir.resolve("floats"), bytes);
        assertThatThrownBy(() -> IdxReader.readArray(file))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("data type 0x0d");

        Path png = Files.write(dir.resolve("png"), TestData.rgbPng(2, 2, 0));
        assertThatThrownBy(() -> IdxReader.readArray(png))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("not an IDX file");
    }

    @Test
    void reportsATruncatedFileWithWhatWasExpected() throws IOException {
        byte[] bytes = TestData.idxImages(3, 2, 2);
        Path file = Files.write(dir.resolve("short"), Arrays.copyOf(bytes, bytes.length - 1));
        assertThatThrownBy(() -> IdxReader.readArray(file))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("short: truncated")
                .hasMessageContaining("announces 12 data bytes")
                .hasMessageContaining("only 11 follow");

        Path header = Files.write(dir.resolve("header"), Arrays.copyOf(bytes, 9));
        assertThatThrownBy(() -> IdxReader.readArray(header))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("ends inside the dimensions");
    }

    @Test
    void reportsATruncatedGzipFile() throws IOException {
        byte[] gzipped = TestData.gzip(TestData.idxImages(50, 10, 10));
        Path file = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gzipped, gzipped.length / 2));
        assertThatThrownBy(() -> IdxReader.readArray(file))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("cut.gz");
    }

    @Test
    void rejectsDataAfterTheAnnouncedSize() throws IOException {
        byte[] bytes = TestData.idxImages(1, 2, 2);
        Path file = Files.write(dir.resolve("long"), Arrays.copyOf(bytes, bytes.length + 1));
        assertThatThrownBy(() -> IdxReader.readArray(file))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("continues after");
    }

    @Test
    void rejectsMismatchedCountsAndLabelsOutOfRange() throws IOException {
        Path images = Files.write(dir.resolve("images"), TestData.idxImages(2, 2, 2));
        Path oneLabel = Files.write(dir.resolve("one"), TestData.idxLabels(0));
        Path badLabel = Files.write(dir.resolve("bad"), TestData.idxLabels(0, 5));

        assertThatThrownBy(() -> IdxReader.read(images, oneLabel, List.of("a", "b")))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("1 labels but images holds 2");
        assertThatThrownBy(() -> IdxReader.read(images, badLabel, List.of("a", "b")))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("label 5 of image 1");
        assertThatThrownBy(() -> IdxReader.read(oneLabel, oneLabel, List.of("a")))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("needs 3 dimensions");
    }
}
