package dev.convnet.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletion in cleanup paths, where a failure must not hide the exception that made the cleanup necessary:
 * failures are logged, never thrown, and what is left behind is an orphan for the sweeps.
 */
public final class FilesQuietly {

    private static final Logger log = LoggerFactory.getLogger(FilesQuietly.class);

    private FilesQuietly() {
    }

    /** Deletes a file or an empty directory if it is there; null is ignored. */
    public static void delete(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", path, e.getMessage());
        }
    }

    /** Deletes a file or a directory with everything in it; null is ignored. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> paths = Files.walk(root)) {
            deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", root, e.getMessage());
            return;
        }
        deepestFirst.forEach(FilesQuietly::delete);
    }
}
