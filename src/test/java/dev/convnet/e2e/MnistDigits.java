package dev.convnet.e2e;

import dev.convnet.dataset.IdxReader;
import dev.convnet.support.DigitDrawing;
import dev.convnet.support.TestDatasets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Real MNIST digits from the test file of the shared datasets directory, as PNG files and uploadable datasets. */
final class MnistDigits {

    private static final int PIXELS = 28 * 28;

    private final IdxReader.IdxArray images;
    private final IdxReader.IdxArray labels;

    private MnistDigits(IdxReader.IdxArray images, IdxReader.IdxArray labels) {
        this.images = images;
        this.labels = labels;
    }

    /** Reads MNIST's 10,000 test digits. */
    static MnistDigits load() throws IOException {
        Path mnist = TestDatasets.sharedDatasetsDir().resolve("mnist");
        return new MnistDigits(idx(mnist.resolve("t10k-images-idx3-ubyte.gz")), idx(mnist.resolve("t10k-labels-idx1-ubyte.gz")));
    }

    /** The first {@code train + test} digits as an uploaded dataset in class folders (train/, test/). */
    byte[] zip(int train, int test) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < train + test; i++) {
                zip.putNextEntry(new ZipEntry((i < train ? "train/" : "test/") + label(i) + "/" + i + ".png"));
                zip.write(png(i));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Digit {@code index} as a 28x28 grey PNG, light on dark as in the file. */
    byte[] png(int index) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(images.data(), index * PIXELS, (index + 1) * PIXELS));
        return DigitDrawing.encode(image, "png");
    }

    int label(int index) {
        return labels.data()[index];
    }

    private static IdxReader.IdxArray idx(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return IdxReader.readArray(in, file.getFileName().toString());
        }
    }
}
