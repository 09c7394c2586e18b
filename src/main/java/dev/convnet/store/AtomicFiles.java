package dev.convnet.store;

import dev.convnet.common.FilesQuietly;
import dev.convnet.common.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files that are either complete or absent: written under a temporary name in the target directory,
 * forced to disk, renamed, and the directory forced too, so that the new name survives a crash; each carries
 * a SHA-256 that is checked when it is read back.
 */
public final class AtomicFiles {

    /** Prefix of the temporary files; anything left with it is a write that never finished. */
    public static final String PARTIAL_PREFIX = ".partial-";

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public record Written(Path path, String sha256, long size) {
    }

    private AtomicFiles() {
    }

    public static Written write(Path target, Writer writer) throws IOException {
        createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), PARTIAL_PREFIX, ".tmp");
        try {
            MessageDigest digest = Sha256.newDigest();
            try (OutputStream file = Files.newOutputStream(temp);
                 DigestOutputStream out = new DigestOutputStream(new BufferedOutputStream(file), digest)) {
                writer.write(out);
                out.flush();
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            long size = Files.size(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(target.getParent());
            return new Written(target, Sha256.hex(digest), size);
        } finally {
            FilesQuietly.delete(temp); // a failed delete must not hide why the write failed
        }
    }

    /** The file's bytes, after checking them against the expected SHA-256. */
    public static byte[] readVerified(Path path, String expectedSha256) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] content;
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            content = in.readAllBytes();
        }
        String actual = Sha256.hex(digest);
        if (!actual.equals(expectedSha256)) {
            throw new CorruptModelFileException(path, expectedSha256, actual);
        }
        return content;
    }

    /**
     * Deletes every file under {@code root} that is not in {@code named} (so every unfinished write too), and
     * the directories that leaves empty; returns the files deleted.
     */
    public static List<Path> deleteUnnamed(Path root, Set<Path> named) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> deleted = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(path)) {
                    if (!path.equals(root) && isEmpty(path)) {
                        FilesQuietly.delete(path);
                    }
                } else if (!named.contains(path)) {
                    FilesQuietly.delete(path);
                    deleted.add(path);
                }
            }
        }
        return deleted;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Creates the missing directories of {@code dir}, each made durable in its parent. */
    private static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectories(dir.toAbsolutePath().getParent());
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return; // made meanwhile by another writer
        }
        forceDirectory(dir.toAbsolutePath().getParent());
    }

    /** A rename or a new entry is durable only once its directory is forced to disk. */
    private static void forceDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return; // Java cannot open a directory as a channel on Windows, so there is no directory to force
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
