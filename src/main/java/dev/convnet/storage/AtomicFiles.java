package dev.convnet.storage;

import dev.convnet.common.FilesQuietly;
import dev.convnet.common.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * forced to disk, renamed, and the directory forced too, so that the new name survives a crash; each is named by
 * its SHA-256, which is checked when it is read back.
 */
public final class AtomicFiles {

    /** Prefix of the temporary files; anything left with it is a write that never finished. */
    public static final String PARTIAL_PREFIX = ".partial-";

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** @param created false when an equal file was already there and nothing new was written */
    public record Written(Path path, String sha256, long size, boolean created) {
    }

    private AtomicFiles() {
    }

    private static Written writeDurably(Path file, Writer writer) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (OutputStream out = Files.newOutputStream(file);
             DigestOutputStream digesting = new DigestOutputStream(new BufferedOutputStream(out), digest)) {
            writer.write(digesting);
            digesting.flush();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return new Written(file, Sha256.hex(digest), Files.size(file), true);
    }

    /** Renames {@code source} to {@code target} in one step where the file system can, and makes the name durable. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(target.getParent());
    }

    /**
     * Writes the content into {@code dir} under its own SHA-256 followed by {@code suffix}, so equal content gets
     * equal names; {@link Written#created()} is false when a file of that name (hence that content) was there.
     */
    public static Written writeNamedByHash(Path dir, String suffix, Writer writer) throws IOException {
        createDirectories(dir);
        Path temp = Files.createTempFile(dir, PARTIAL_PREFIX, ".tmp");
        try {
            Written content = writeDurably(temp, writer);
            Path target = dir.resolve(content.sha256() + suffix);
            if (Files.isRegularFile(target)) {
                return new Written(target, content.sha256(), content.size(), false);
            }
            move(temp, target);
            return new Written(target, content.sha256(), content.size(), true);
        } finally {
            FilesQuietly.delete(temp);
        }
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
    public static void createDirectories(Path dir) throws IOException {
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
