package dev.convnet.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Files that are either complete or absent: written under a temporary name in the target directory,
 * forced to disk, then renamed; each carries a SHA-256 that is checked when it is read back.
 */
public final class AtomicFiles {

    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public record Written(Path path, String sha256, long size) {
    }

    private AtomicFiles() {
    }

    public static Written write(Path target, Writer writer) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".partial-", ".tmp");
        try {
            MessageDigest digest = sha256();
            try (OutputStream file = Files.newOutputStream(temp);
                 DigestOutputStream out = new DigestOutputStream(new java.io.BufferedOutputStream(file), digest)) {
                writer.write(out);
                out.flush();
            }
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            long size = Files.size(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return new Written(target, HexFormat.of().formatHex(digest.digest()), size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file's bytes, after checking them against the expected SHA-256. */
    public static byte[] readVerified(Path path, String expectedSha256) throws IOException {
        MessageDigest digest = sha256();
        byte[] content;
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            content = in.readAllBytes();
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            throw new CorruptModelFileException(path, expectedSha256, actual);
        }
        return content;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
