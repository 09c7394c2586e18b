package dev.convnet.dataset;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Reads IDX files (MNIST's format): a big-endian header {@code 0x00 0x00 type ndims}, one int per dimension,
 * then the data. Only unsigned-byte data (type 0x08) is accepted, which is what image and label files hold.
 * Gzipped files are recognised by their magic bytes.
 */
public final class IdxReader {

    static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_DIMENSIONS = 4;

    private IdxReader() {
    }

    /** An IDX array: its dimensions and its data in row-major order. */
    public record IdxArray(int[] dimensions, byte[] data) {

        public int count() {
            return dimensions[0];
        }
    }

    /**
     * Reads an images file (3 dimensions: count, rows, columns; or 4 with channels last) and its labels file
     * (1 dimension) into an image set.
     */
    public static ImageSet read(Path images, Path labels, List<String> classNames) throws IOException {
        return toImageSet(readArray(images), images.getFileName().toString(),
                readArray(labels), labels.getFileName().toString(), classNames);
    }

    public static IdxArray readArray(Path file) throws IOException {
        try (InputStream in = DatasetStreams.openContent(file)) {
            return readArray(in, file.getFileName().toString());
        }
    }

    /**
     * Reads one IDX array from an already decompressed stream, to its end: bytes after the announced data are
     * an error, so a digest over the stream covers exactly the file.
     */
    public static IdxArray readArray(InputStream in, String sourceName) throws IOException {
        try {
            return readValidated(in, sourceName);
        } catch (EOFException | ZipException e) {
            // GZIPInputStream reports a cut-off or damaged gzip file this way.
            throw new DatasetFormatException(sourceName, "truncated or corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static IdxArray readValidated(InputStream in, String sourceName) throws IOException {
        byte[] magic = readExactly(in, 4, sourceName, "the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DatasetFormatException(sourceName, "not an IDX file: magic number starts with "
                    + String.format("0x%02x%02x", magic[0], magic[1]) + " instead of 0x0000");
        }
        if ((magic[2] & 0xFF) != UNSIGNED_BYTE) {
            throw new DatasetFormatException(sourceName, String.format(
                    "IDX data type 0x%02x is not supported, only unsigned bytes (0x08)", magic[2] & 0xFF));
        }
        int dimensionCount = magic[3] & 0xFF;
        if (dimensionCount < 1 || dimensionCount > MAX_DIMENSIONS) {
            throw new DatasetFormatException(sourceName,
                    "IDX file has " + dimensionCount + " dimensions, supported are 1 to " + MAX_DIMENSIONS);
        }
        ByteBuffer header = ByteBuffer.wrap(readExactly(in, 4 * dimensionCount, sourceName, "the dimensions"));
        int[] dimensions = new int[dimensionCount];
        long size = 1;
        for (int d = 0; d < dimensionCount; d++) {
            dimensions[d] = header.getInt();
            boolean countMayBeZero = d == 0;
            if (dimensions[d] < 0 || (dimensions[d] == 0 && !countMayBeZero)) {
                throw new DatasetFormatException(sourceName, "dimension " + d + " is " + dimensions[d]);
            }
            size *= dimensions[d];
            if (size > Integer.MAX_VALUE - 8) {
                throw new DatasetFormatException(sourceName, "dimensions " + Arrays.toString(dimensions)
                        + " describe more than 2 GiB of data");
            }
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new DatasetFormatException(sourceName, "truncated: the header announces " + size
                    + " data bytes for dimensions " + Arrays.toString(dimensions) + " but only " + data.length
                    + " follow");
        }
        if (in.read() != -1) {
            throw new DatasetFormatException(sourceName, "the file continues after the " + size
                    + " data bytes its header announces for dimensions " + Arrays.toString(dimensions));
        }
        return new IdxArray(dimensions, data);
    }

    /** Combines an images array and a labels array, checking that they describe the same images. */
    static ImageSet toImageSet(IdxArray images, String imagesName, IdxArray labels, String labelsName,
                               List<String> classNames) throws DatasetFormatException {
        int[] dims = images.dimensions();
        if (dims.length != 3 && dims.length != 4) {
            throw new DatasetFormatException(imagesName, "an images file needs 3 dimensions (count, rows, columns)"
                    + " or 4 (with channels), found " + Arrays.toString(dims));
        }
        if (labels.dimensions().length != 1) {
            throw new DatasetFormatException(labelsName, "a labels file needs 1 dimension (count), found "
                    + Arrays.toString(labels.dimensions()));
        }
        if (labels.count() != images.count()) {
            throw new DatasetFormatException(labelsName, "holds " + labels.count() + " labels but " + imagesName
                    + " holds " + images.count() + " images");
        }
        int[] labelValues = new int[labels.count()];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = labels.data()[i] & 0xFF;
            if (labelValues[i] >= classNames.size()) {
                throw new DatasetFormatException(labelsName, "label " + labelValues[i] + " of image " + i
                        + " is not below the " + classNames.size() + " classes");
            }
        }
        int channels = dims.length == 4 ? dims[3] : 1;
        return new ImageSet(images.count(), dims[1], dims[2], channels, images.data(), labelValues, classNames);
    }

    private static byte[] readExactly(InputStream in, int length, String sourceName, String what) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new DatasetFormatException(sourceName, "truncated: the file ends inside " + what);
        }
        return bytes;
    }
}
