package dev.convnet.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CifarBinaryReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsCifar10RecordsAndInterleavesThePlanes() throws IOException {
        Path batch1 = Files.write(dir.resolve("data_batch_1.bin"),
                TestData.concat(List.of(TestData.cifarRecord(0, 3), TestData.cifarRecord(1, 9))));
        Path batch2 = Files.write(dir.resolve("data_batch_2.bin"), TestData.cifarRecord(2, 0));

        ImageSet images = CifarBinaryReader.read(List.of(batch1, batch2), CifarBinaryReader.Variant.CIFAR_10,
                BuiltInDatasets.CIFAR_10);

        assertThat(images.count()).isEqualTo(3);
        assertThat(images.shape()).isEqualTo(new ImageShape(32, 32, 3));
        assertThat(images.labels()).containsExactly(3, 9, 0);
        // Image 1, pixel 5 (row 0, column 5): R = 1 + 5, G = 1 + 50 + 5, B = 1 + 100 + 5.
        int base = 3072 + 5 * 3;
        assertThat(Arrays.copyOfRange(images.pixels(), base, base + 3)).containsExactly(6, 56, 106);
        // Image 2, last pixel (row 31, column 31): 2 + 1023 etc., mod 256.
        int last = 2 * 3072 + 1023 * 3;
        assertThat(images.pixels()[last] & 0xFF).isEqualTo((2 + 1023) % 256);
        assertThat(images.pixels()[last + 2] & 0xFF).isEqualTo((2 + 100 + 1023) % 256);
    }

    @Test
    void readsCifar100FineOrCoarseLabels() throws IOException {
        Path train = Files.write(dir.resolve("train.bin"),
                TestData.concat(List.of(TestData.cifarRecord(0, 4, 99), TestData.cifarRecord(1, 19, 7))));

        ImageSet fine = CifarBinaryReader.read(List.of(train), CifarBinaryReader.Variant.CIFAR_100_FINE,
                BuiltInDatasets.CIFAR_100_FINE);
        ImageSet coarse = CifarBinaryReader.read(List.of(train), CifarBinaryReader.Variant.CIFAR_100_COARSE,
                BuiltInDatasets.CIFAR_100_COARSE);

        assertThat(fine.labels()).containsExactly(99, 7);
        assertThat(coarse.labels()).containsExactly(4, 19);
        assertThat(fine.pixels()).isEqualTo(coarse.pixels());
        assertThat(fine.pixels()[3] & 0xFF).isEqualTo(1); // second pixel's red value of image 0
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        byte[] record = TestData.cifarRecord(0, 1);
        Path file = Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(record, record.length - 10));
        assertThatThrownBy(() -> CifarBinaryReader.read(List.of(file), CifarBinaryReader.Variant.CIFAR_10,
                BuiltInDatasets.CIFAR_10))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("test_batch.bin")
                .hasMessageContaining("3063 bytes is not a whole, non-zero number of 3073-byte records");
    }

    @Test
    void rejectsLabelsOutOfRange() throws IOException {
        Path cifar10 = Files.write(dir.resolve("a.bin"), TestData.cifarRecord(0, 10));
        assertThatThrownBy(() -> CifarBinaryReader.read(List.of(cifar10), CifarBinaryReader.Variant.CIFAR_10,
                BuiltInDatasets.CIFAR_10))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("record 0 has label 10");

        // Reading fine labels still validates the coarse byte: a bad coarse byte means a bad record.
        Path cifar100 = Files.write(dir.resolve("b.bin"), TestData.cifarRecord(0, 20, 5));
        assertThatThrownBy(() -> CifarBinaryReader.read(List.of(cifar100), CifarBinaryReader.Variant.CIFAR_100_FINE,
                BuiltInDatasets.CIFAR_100_FINE))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("label 20 in label byte 0");
    }
}
