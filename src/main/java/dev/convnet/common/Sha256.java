package dev.convnet.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 digests as the service writes them everywhere: lower-case hex. */
public final class Sha256 {

    private static final int BUFFER_SIZE = 1 << 16;

    private Sha256() {
    }

    /** A fresh digest, for hashing a stream while it is copied. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /** Completes {@code digest} and formats it. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String hex(byte[] content) {
        return hex(newDigest(), content);
    }

    private static String hex(MessageDigest digest, byte[] content) {
        digest.update(content);
        return hex(digest);
    }

    /** The digest of the raw bytes of a file. */
    public static String hexOfFile(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest);
    }

    /** A hex digest re-encoded as base64, the form HTTP's Repr-Digest header carries. */
    public static String hexToBase64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
