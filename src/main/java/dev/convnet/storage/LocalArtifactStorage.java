package dev.convnet.storage;

import dev.convnet.common.FilesQuietly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Objects as files under a root directory (the data directory: {@code models/<id>/...} lands where model files
 * always lived). The directory is this node's alone, so a file no row names is an orphan at once.
 */
final class LocalArtifactStorage implements ArtifactStorage {

    private final Path root;

    LocalArtifactStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StoredObject write(String directory, String suffix, AtomicFiles.Writer content) throws IOException {
        AtomicFiles.Written written = AtomicFiles.writeNamedByHash(resolve(directory), suffix, content);
        return new StoredObject(key(written.path()), written.sha256(), written.size(), written.created());
    }

    @Override
    public Path read(String key, String sha256) throws IOException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            throw new ArtifactMissingException(key, location());
        }
        ContentCheck.verify(key, file, sha256);
        return file;
    }

    @Override
    public List<ListedObject> list(String directory) throws IOException {
        Path dir = resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ListedObject> objects = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                objects.add(new ListedObject(key(path), attributes.size(), attributes.lastModifiedTime().toInstant()));
            }
        }
        return objects;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public void deleteAll(String directory) {
        FilesQuietly.deleteTree(resolve(directory));
    }

    @Override
    public List<String> deleteUnnamed(String directory, Set<String> named) throws IOException {
        Set<Path> namedPaths = named.stream().map(this::resolve).collect(Collectors.toSet());
        return AtomicFiles.deleteUnnamed(resolve(directory), namedPaths).stream().map(this::key).toList();
    }

    @Override
    public void probe() throws IOException {
        Files.createDirectories(root);
        Path probe = Files.createTempFile(root, AtomicFiles.PARTIAL_PREFIX + "probe-", ".tmp");
        Files.delete(probe);
    }

    @Override
    public String location() {
        return root.toString();
    }

    /** The key's file; a key that would leave the root (".." segments) is refused. */
    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("object key " + key + " leaves the storage directory");
        }
        return path;
    }

    private String key(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }
}
