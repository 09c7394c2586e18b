package dev.convnet.dataset;

import dev.convnet.storage.ArtifactMissingException;
import dev.convnet.storage.ArtifactStorage;
import dev.convnet.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Built-in dataset files shared through the artifact storage: a file downloaded and verified by one node is
 * published uncompressed as {@code datasets/builtin/<folder>/<file>/<sha256>}, keyed by its published SHA-256,
 * so that other nodes read it from there instead of the internet. Only files with a published SHA-256 take part:
 * the key must be known before the file is. The storage is a shortcut, never a requirement: any failure falls
 * back to downloading.
 */
final class BuiltInDatasetObjects {

    private static final Logger log = LoggerFactory.getLogger(BuiltInDatasetObjects.class);

    /** For a node with no shared storage: nothing is published or found. */
    static final BuiltInDatasetObjects NONE = new BuiltInDatasetObjects(null);

    private final ArtifactStorage storage;

    BuiltInDatasetObjects(ArtifactStorage storage) {
        this.storage = storage;
    }

    static String directory(BuiltInDataset dataset, DatasetFile file) {
        return "datasets/builtin/" + dataset.folder() + "/" + file.name();
    }

    /** Copies the stored file into {@code destination}; false when the storage does not have it. */
    boolean copyTo(BuiltInDataset dataset, DatasetFile file, Path destination) {
        if (storage == null || file.sha256() == null) {
            return false;
        }
        String key = directory(dataset, file) + "/" + file.sha256();
        try {
            Files.copy(storage.read(key, file.sha256()), destination);
            log.info("Read {} of dataset {} from the artifact storage", file.name(), dataset.name());
            return true;
        } catch (ArtifactMissingException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            log.warn("Could not read {} from the artifact storage ({}); downloading it instead", key, e.getMessage());
            return false;
        }
    }

    /** Publishes a verified file (gzipped or not) uncompressed, unless its content has no published SHA-256. */
    void publish(BuiltInDataset dataset, DatasetFile file, Path verified) {
        if (storage == null || file.sha256() == null) {
            return;
        }
        try {
            StoredObject stored = storage.write(directory(dataset, file), "", out -> {
                try (InputStream in = DatasetStreams.openContent(verified)) {
                    in.transferTo(out);
                }
            });
            if (!stored.sha256().equalsIgnoreCase(file.sha256())) {
                storage.delete(stored.key()); // cannot happen after verification; never leave a misnamed object
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not publish {} of dataset {} to the artifact storage: {}", file.name(), dataset.name(),
                    e.getMessage());
        }
    }
}
