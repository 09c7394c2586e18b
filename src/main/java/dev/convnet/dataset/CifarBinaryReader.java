package dev.convnet.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the official CIFAR binary format. CIFAR-10 records are 1 label byte then 3072 pixel bytes; CIFAR-100
 * records are a coarse label byte, a fine label byte, then 3072 pixel bytes. Pixels come as three 32x32
 * row-major planes (R, G, B) and are interleaved here into NHWC.
 */
public final class CifarBinaryReader {

    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    private static final int PLANE = SIDE * SIDE;
    private static final int PIXEL_BYTES = PLANE * CHANNELS;

    /** Which record layout to read and which label byte to use. */
    public enum Variant {
        CIFAR_10(1, 0, 10),
        CIFAR_100_FINE(2, 1, 100),
        CIFAR_100_COARSE(2, 0, 20);

        private final int labelBytes;
        private final int labelOffset;
        private final int classCount;

        Variant(int labelBytes, int labelOffset, int classCount) {
            this.labelBytes = labelBytes;
            this.labelOffset = labelOffset;
            this.classCount = classCount;
        }

        public int recordSize() {
            return labelBytes + PIXEL_BYTES;
        }
    }

    private CifarBinaryReader() {
    }

    /** Reads and concatenates the records of {@code files}, in order. */
    public static ImageSet read(List<Path> files, Variant variant, List<String> classNames) throws IOException {
        if (classNames.size() != variant.classCount) {
            throw new IllegalArgumentException(variant + " has " + variant.classCount + " classes, got "
                    + classNames.size() + " class names");
        }
        long total = 0;
        for (Path file : files) {
            total += recordCount(file, variant);
        }
        if (total * PIXEL_BYTES > Integer.MAX_VALUE - 8) {
            throw new DatasetFormatException(files.toString(), total + " records do not fit in one image set");
        }
        int count = (int) total;
        byte[] pixels = new byte[count * PIXEL_BYTES];
        int[] labels = new int[count];
        int next = 0;
        byte[] record = new byte[variant.recordSize()];
        for (Path file : files) {
            long records = recordCount(file, variant);
            String name = file.getFileName().toString();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                for (long r = 0; r < records; r++, next++) {
                    if (in.readNBytes(record, 0, record.length) < record.length) {
                        throw new DatasetFormatException(name, "truncated while reading record " + r);
                    }
                    labels[next] = readLabel(record, variant, name, r);
                    interleave(record, variant.labelBytes, pixels, next * PIXEL_BYTES);
                }
            }
        }
        return new ImageSet(count, SIDE, SIDE, CHANNELS, pixels, labels, classNames);
    }

    /** Number of records in a file, which must be a whole, non-zero number of records. */
    public static long recordCount(Path file, Variant variant) throws IOException {
        long size = Files.size(file);
        if (size == 0 || size % variant.recordSize() != 0) {
            throw new DatasetFormatException(file.getFileName().toString(), "truncated or not " + variant
                    + " binary data: " + size + " bytes is not a whole, non-zero number of "
                    + variant.recordSize() + "-byte records");
        }
        return size / variant.recordSize();
    }

    private static int readLabel(byte[] record, Variant variant, String name, long recordIndex)
            throws DatasetFormatException {
        for (int b = 0; b < variant.labelBytes; b++) {
            int limit = variant == Variant.CIFAR_10 ? 10 : (b == 0 ? 20 : 100);
            if ((record[b] & 0xFF) >= limit) {
                throw new DatasetFormatException(name, "record " + recordIndex + " has label " + (record[b] & 0xFF)
                        + " in label byte " + b + ", which must be below " + limit);
            }
        }
        return record[variant.labelOffset] & 0xFF;
    }

    private static void interleave(byte[] record, int planesStart, byte[] pixels, int target) {
        for (int p = 0; p < PLANE; p++) {
            int out = target + p * CHANNELS;
            pixels[out] = record[planesStart + p];
            pixels[out + 1] = record[planesStart + PLANE + p];
            pixels[out + 2] = record[planesStart + 2 * PLANE + p];
        }
    }
}
