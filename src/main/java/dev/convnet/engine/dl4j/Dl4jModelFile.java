package dev.convnet.engine.dl4j;

import dev.convnet.definition.InvalidDefinitionException;
import dev.convnet.definition.Violation;
import dev.convnet.engine.MemoryEstimate;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.nd4j.common.primitives.Triple;
import org.nd4j.linalg.api.buffer.BaseDataBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The entries of a DL4J model file (ModelSerializer's zip) read before ND4J sees them. ND4J allocates an array of
 * whatever length {@code coefficients.bin} declares before reading a value, so a file declaring 2^40 values in a
 * few bytes would take the JVM down: the declared lengths and shape are checked against the bytes actually there.
 */
final class Dl4jModelFile {

    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";

    private static final int MAX_CONFIGURATION_BYTES = 16 << 20;
    private static final int MAX_RANK = 32;
    private static final Set<DataType> PARAMETER_TYPES = Set.of(DataType.FLOAT, DataType.DOUBLE, DataType.HALF);

    private Dl4jModelFile() {
    }

    /** The network's configuration as JSON, without touching its parameters. */
    static String configuration(byte[] modelFile) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(modelFile))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(CONFIGURATION)) {
                    byte[] json = zip.readNBytes(MAX_CONFIGURATION_BYTES + 1);
                    if (json.length > MAX_CONFIGURATION_BYTES) {
                        throw malformed(CONFIGURATION + " is larger than " + MAX_CONFIGURATION_BYTES + " bytes");
                    }
                    return new String(json, StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw malformed("the zip cannot be read (" + e.getMessage() + ")");
        }
        throw malformed("it has no " + CONFIGURATION);
    }

    /**
     * Checks that {@code coefficients.bin} holds one array of {@code expectedValues} parameters whose declared lengths
     * the file's bytes back.
     *
     * @throws InvalidDefinitionException the file's parameter count differs from the definition's (wrong input shape)
     * @throws InvalidModelFileException  the entry is missing or malformed
     */
    static void requireCoefficients(byte[] modelFile, long expectedValues) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(modelFile))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(COEFFICIENTS)) {
                    requireCoefficients(new DataInputStream(zip), expectedValues);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidModelFileException || e instanceof InvalidDefinitionException) {
                throw (RuntimeException) e;
            }
            throw malformed(COEFFICIENTS + " cannot be read (" + e.getMessage() + ")");
        }
        throw malformed("it has no " + COEFFICIENTS);
    }

    /** Nd4j.write's layout: the shape-information buffer, then the data buffer, each a header and its values. */
    private static void requireCoefficients(DataInputStream in, long expectedValues) throws IOException {
        Triple<DataBuffer.AllocationMode, Long, DataType> shapeHeader = BaseDataBuffer.readHeader(in);
        long shapeLength = shapeHeader.getMiddle();
        DataType shapeType = shapeHeader.getRight();
        if (shapeLength < 4 || shapeLength > 2 * MAX_RANK + 4 || (shapeType != DataType.LONG && shapeType != DataType.INT)) {
            throw malformed(COEFFICIENTS + " does not start with an array shape");
        }
        long[] shapeInfo = new long[(int) shapeLength];
        for (int i = 0; i < shapeInfo.length; i++) {
            shapeInfo[i] = shapeType == DataType.LONG ? in.readLong() : in.readInt();
        }
        long rank = shapeInfo[0];
        if (rank < 0 || rank > MAX_RANK || 2 * rank + 4 != shapeLength) {
            throw malformed(COEFFICIENTS + " declares an array of rank " + rank);
        }
        long shapeValues = 1;
        for (int i = 1; i <= rank; i++) {
            if (shapeInfo[i] < 0) {
                throw malformed(COEFFICIENTS + " declares a negative dimension");
            }
            shapeValues = MemoryEstimate.times(shapeValues, shapeInfo[i]);
        }
        Triple<DataBuffer.AllocationMode, Long, DataType> dataHeader = BaseDataBuffer.readHeader(in);
        long length = dataHeader.getMiddle();
        DataType type = dataHeader.getRight();
        if (!PARAMETER_TYPES.contains(type)) {
            throw malformed(COEFFICIENTS + " holds " + type + " values; parameters are FLOAT, DOUBLE or HALF");
        }
        if (length != shapeValues) {
            throw malformed(COEFFICIENTS + " declares shape of " + shapeValues + " values but a buffer of " + length);
        }
        if (length != expectedValues) {
            throw new InvalidDefinitionException(Violation.document("layers", "the DL4J file has " + length
                    + " parameters, the definition it maps to " + expectedValues + "; is the input shape right?"));
        }
        long bytes = MemoryEstimate.times(length, type.width());
        if (skip(in, bytes) != bytes) {
            throw malformed(COEFFICIENTS + " declares " + length + " values but holds fewer");
        }
    }

    private static long skip(InputStream in, long bytes) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[1 << 16];
        while (skipped < bytes) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, bytes - skipped));
            if (n < 0) {
                break;
            }
            skipped += n;
        }
        return skipped;
    }

    private static InvalidModelFileException malformed(String reason) {
        return new InvalidModelFileException("the DL4J model file could not be read as a MultiLayerNetwork: " + reason);
    }
}
