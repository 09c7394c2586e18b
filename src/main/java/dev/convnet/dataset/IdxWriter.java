package dev.convnet.dataset;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes unsigned-byte IDX files, the format uploaded datasets are stored in (readable by {@link IdxReader}). */
final class IdxWriter {

    private IdxWriter() {
    }

    /** Images as count x height x width (one channel) or count x height x width x channels. */
    static void writeImages(ImageSet images, Path file) throws IOException {
        int[] dims = images.channels() == 1
                ? new int[] {images.count(), images.height(), images.width()}
                : new int[] {images.count(), images.height(), images.width(), images.channels()};
        write(dims, images.pixels(), file);
    }

    static void writeLabels(ImageSet images, Path file) throws IOException {
        byte[] labels = new byte[images.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) images.label(i);
        }
        write(new int[] {images.count()}, labels, file);
    }

    static void write(int[] dimensions, byte[] data, Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeShort(0);
            out.writeByte(IdxReader.UNSIGNED_BYTE);
            out.writeByte(dimensions.length);
            for (int dimension : dimensions) {
                out.writeInt(dimension);
            }
            out.write(data);
        }
    }
}
