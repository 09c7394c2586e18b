package dev.convnet.dataset;

import dev.convnet.common.Sha256;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/** Opening dataset files whether gzipped or not, hashing their content, and bounded copies. */
final class DatasetStreams {

    private static final int BUFFER_SIZE = 1 << 16;

    private DatasetStreams() {
    }

    /** The file's content, decompressed when it starts with the gzip magic bytes (its name is not trusted). */
    static InputStream openContent(Path file) throws IOException {
        return openContent(Files.newInputStream(file));
    }

    static InputStream openContent(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER_SIZE);
        try {
            return isGzip(in) ? new BufferedInputStream(new GZIPInputStream(in, BUFFER_SIZE), BUFFER_SIZE) : in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    static boolean isGzip(Path file) throws IOException {
        try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 2)) {
            return isGzip(in);
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    /** SHA-256 and length of the (decompressed) content of a file. */
    static ContentHash hashContent(Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long length = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = openContent(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                length += n;
            }
        }
        return new ContentHash(Sha256.hex(digest), length);
    }

    /** Copies at most {@code limit} bytes into a new file and returns how many were copied. */
    static long copyAtMost(InputStream in, Path destination, long limit) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(destination)) {
            while (total < limit) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                total += n;
            }
        }
        return total;
    }

    record ContentHash(String sha256, long length) {
    }
}
