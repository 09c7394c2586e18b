package dev.convnet.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** Opening dataset files whether gzipped or not, and hashing their content. */
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

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256 and length of the (decompressed) content of a file. */
    static ContentHash hashContent(Path file) throws IOException {
        MessageDigest digest = sha256();
        long length = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = openContent(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                length += n;
            }
        }
        return new ContentHash(hex(digest), length);
    }

    /** SHA-256 of the raw bytes of a file. */
    static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest);
    }

    record ContentHash(String sha256, long length) {
    }
}
