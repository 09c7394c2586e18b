package dev.convnet.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Where the real datasets are for tests, and small datasets that tests make themselves. */
public final class TestDatasets {

    private TestDatasets() {
    }

    /** {@code CONVNET_DATASETS_DIR}, else {@code ../shared/datasets} beside the checkout. */
    public static Path sharedDatasetsDir() {
        String configured = System.getenv("CONVNET_DATASETS_DIR");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..", "shared", "datasets");
        return dir.toAbsolutePath().normalize();
    }

    public static boolean mnistAvailable() {
        return Files.exists(sharedDatasetsDir().resolve("mnist").resolve("train-images-idx3-ubyte.gz"));
    }

    /**
     * A zip in flow_from_directory layout with two learnable classes of 8x8 grey PNGs: "left" images are
     * bright on the left half, "right" ones on the right half, with noise; train/ and test/ folders.
     */
    public static byte[] leftRightZip(int perClassTrain, int perClassTest, long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String split : new String[] {"train", "test"}) {
                int count = split.equals("train") ? perClassTrain : perClassTest;
                for (String cls : new String[] {"left", "right"}) {
                    for (int i = 0; i < count; i++) {
                        zip.putNextEntry(new ZipEntry(split + "/" + cls + "/" + cls + "_" + i + ".png"));
                        zip.write(png(cls.equals("left"), random));
                        zip.closeEntry();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] png(boolean left, Random random) throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                boolean bright = (x < 4) == left;
                int value = Math.max(0, Math.min(255, (bright ? 200 : 50) + (int) (random.nextGaussian() * 20)));
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

}
