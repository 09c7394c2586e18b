package dev.convnet.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders under which a folder dataset may be registered ({@code convnet.datasets.folder-roots}). A path is
 * inside a root when, normalised, it is (its names, not its characters: {@code /data/a-b} is not in {@code /data/a})
 * and, with every symbolic link resolved, it still is.
 */
final class FolderRoots {

    private final List<Path> roots;

    FolderRoots(List<Path> configured) {
        this.roots = configured.stream().map(root -> root.toAbsolutePath().normalize()).toList();
    }

    boolean isEmpty() {
        return roots.isEmpty();
    }

    /** Decided on the names alone, before the filesystem is asked anything about a path outside every root. */
    boolean containsLexically(Path normalized) {
        return roots.stream().anyMatch(normalized::startsWith) || realRoots().stream().anyMatch(normalized::startsWith);
    }

    /** {@code real} must have no symbolic link left: the result of {@link Path#toRealPath}. */
    boolean containsReal(Path real) {
        return realRoots().stream().anyMatch(real::startsWith);
    }

    /** Resolved on each call: a root may be a link, or be created after the service started. */
    private List<Path> realRoots() {
        List<Path> result = new ArrayList<>();
        for (Path root : roots) {
            try {
                result.add(root.toRealPath());
            } catch (IOException e) {
                // a root that does not exist (on this node) contains nothing
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return roots.toString();
    }
}
