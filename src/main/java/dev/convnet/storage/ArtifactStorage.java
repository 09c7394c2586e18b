package dev.convnet.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Where the service keeps its files (model weights, checkpoints), addressed by keys such as
 * {@code models/<id>/<sha256>.zip}: directories separated by '/', the last segment named by the content's SHA-256.
 * Writers record the key and SHA-256 in the database only after {@link #write} returns (see
 * {@code store.ArtifactPublisher}); readers get a local file whose content was checked against that SHA-256.
 */
public interface ArtifactStorage {

    /** The storage of one node's data directory (or of a test's temporary directory). */
    static ArtifactStorage inDirectory(Path root) {
        return new LocalArtifactStorage(root);
    }

    /**
     * Stores the content under {@code directory + "/" + sha256 + suffix}; complete and durable when this returns.
     */
    StoredObject write(String directory, String suffix, AtomicFiles.Writer content) throws IOException;

    /**
     * A local file with the object's content, checked against {@code sha256} (null: a row from before checksums
     * were recorded; read unchecked). The file may be a cache copy: read it now, do not keep the path.
     *
     * @throws ArtifactMissingException   no object has that key
     * @throws ArtifactIntegrityException its content does not match {@code sha256}
     */
    Path read(String key, String sha256) throws IOException;

    /** Every object under the directory, at any depth. */
    List<ListedObject> list(String directory) throws IOException;

    void delete(String key) throws IOException;

    /** Deletes every object under the directory. */
    void deleteAll(String directory) throws IOException;

    /**
     * Deletes the objects under {@code directory} whose keys are not in {@code named}, and unfinished writes; an
     * object written too recently to be judged (another node may be about to commit the row naming it) is kept.
     * Returns the keys deleted.
     */
    List<String> deleteUnnamed(String directory, Set<String> named) throws IOException;

    /** Throws if the storage cannot be written now (for the readiness probe). */
    void probe() throws IOException;

    /** Where the objects are, for messages: a directory or an {@code s3://bucket/prefix} URI. */
    String location();
}
