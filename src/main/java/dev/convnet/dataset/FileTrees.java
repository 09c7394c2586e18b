package dev.convnet.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deleting staging folders. */
final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes a file or folder tree. Best effort: used in cleanup paths, where a failure must not hide the
     * exception that made the cleanup necessary.
     */
    static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Nothing sensible to do: the staging name starts with '.', so listings ignore the leftover.
        }
    }
}
