package dev.convnet.storage;

import dev.convnet.common.FilesQuietly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A node's local copies of stored objects, named by their SHA-256 and bounded in total size: beyond the bound the
 * least recently used copies are deleted. DL4J and the dataset readers need local files, so every read of a
 * remote object passes through here. The files may be deleted from outside at any time; a missing one is simply
 * fetched again.
 */
final class ArtifactCache {

    private final Path dir;
    private final long maxBytes;
    /** SHA-256 to size, least recently used first. */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    ArtifactCache(Path dir, long maxBytes) {
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(this.dir);
            adoptExistingCopies();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the storage cache directory " + this.dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** The copy of the object with this SHA-256, if this node has one; it counts as used now. */
    synchronized Optional<Path> find(String sha256) {
        Path file = dir.resolve(sha256);
        if (!Files.isRegularFile(file)) {
            Long size = entries.remove(sha256);
            totalBytes -= size == null ? 0 : size;
            return Optional.empty();
        }
        entries.get(sha256);
        return Optional.of(file);
    }

    /** A new empty file in the cache directory, for a download under way. */
    Path newPartialFile() throws IOException {
        return Files.createTempFile(dir, AtomicFiles.PARTIAL_PREFIX, ".tmp");
    }

    /**
     * Makes {@code file} (in the cache directory) the copy of the object with this SHA-256, then deletes least
     * recently used copies until the cache fits its bound again; the new copy itself is kept even if it alone
     * exceeds the bound, since its reader is about to open it.
     */
    synchronized Path admit(Path file, String sha256) throws IOException {
        Path target = dir.resolve(sha256);
        if (!file.equals(target)) {
            if (Files.isRegularFile(target)) {
                Files.deleteIfExists(file);
            } else {
                AtomicFiles.move(file, target);
            }
        }
        long size = Files.size(target);
        Long previous = entries.put(sha256, size);
        totalBytes += size - (previous == null ? 0 : previous);
        evictBeyondBound(sha256);
        return target;
    }

    /** Drops a copy found damaged. */
    synchronized void forget(String sha256) {
        Long size = entries.remove(sha256);
        totalBytes -= size == null ? 0 : size;
        FilesQuietly.delete(dir.resolve(sha256));
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    private void evictBeyondBound(String keep) {
        Iterator<Map.Entry<String, Long>> eldestFirst = entries.entrySet().iterator();
        while (totalBytes > maxBytes && eldestFirst.hasNext()) {
            Map.Entry<String, Long> entry = eldestFirst.next();
            if (!entry.getKey().equals(keep)) {
                FilesQuietly.delete(dir.resolve(entry.getKey()));
                totalBytes -= entry.getValue();
                eldestFirst.remove();
            }
        }
    }

    /** Copies left by an earlier run count, oldest first; unfinished downloads are deleted. */
    private void adoptExistingCopies() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.comparing(ArtifactCache::modified)).toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    FilesQuietly.delete(file);
                } else {
                    long size = Files.size(file);
                    entries.put(name, size);
                    totalBytes += size;
                }
            }
        }
        evictBeyondBound("");
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
