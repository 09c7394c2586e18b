package dev.convnet.dataset;

import dev.convnet.storage.ArtifactMissingException;
import dev.convnet.storage.ArtifactStorage;
import dev.convnet.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Uploaded datasets as objects of the {@link ArtifactStorage}: each one a zip of its folder under
 * {@code datasets/uploaded/<name>/<sha256>.zip}, named by a row of {@code uploaded_datasets} that is inserted only
 * after the object is complete. Any node can then materialise the folder from the object (through its cache).
 */
@Component
class UploadedDatasetObjects implements PublishedDatasets {

    private static final Logger log = LoggerFactory.getLogger(UploadedDatasetObjects.class);

    private record Row(String objectKey, String sha256) {
    }

    private final ArtifactStorage storage;
    private final JdbcClient jdbc;
    private final Clock clock;

    UploadedDatasetObjects(ArtifactStorage storage, JdbcClient jdbc, Clock clock) {
        this.storage = storage;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    static final String ROOT = "datasets/uploaded";

    static String directory(String name) {
        return ROOT + "/" + name;
    }

    @Override
    public List<String> names() {
        return jdbc.sql("SELECT name FROM uploaded_datasets ORDER BY name").query(String.class).list();
    }

    /** The keys the rows name, for the sweep of objects no row names. */
    Set<String> keys() {
        return Set.copyOf(jdbc.sql("SELECT object_key FROM uploaded_datasets").query(String.class).list());
    }

    @Override
    public boolean exists(String name) {
        return find(name).isPresent();
    }

    /**
     * Stores the folder's files (flat, as {@link UploadedDatasetStore} writes them) as one object, then the row.
     *
     * @throws DatasetAlreadyExistsException a dataset of that name was published first, on any node
     */
    @Override
    public void publish(String name, Path folder, Set<String> files) throws IOException {
        StoredObject stored = storage.write(directory(name), ".zip", out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (String file : files) {
                zip.putNextEntry(new ZipEntry(file));
                Files.copy(folder.resolve(file), zip);
                zip.closeEntry();
            }
            zip.finish();
        });
        try {
            jdbc.sql("INSERT INTO uploaded_datasets (name, object_key, sha256, size_bytes, created_at) VALUES (?, ?, ?, ?, ?)")
                    .params(name, stored.key(), stored.sha256(), stored.size(), Timestamp.from(clock.instant())).update();
        } catch (DuplicateKeyException e) {
            if (stored.created()) {
                deleteQuietly(stored.key());
            }
            throw new DatasetAlreadyExistsException(name);
        }
    }

    /**
     * Writes the published dataset's files into {@code folder} (existing, empty), reading the object through the
     * node's cache; only the names in {@code files} are extracted.
     *
     * @return false when no dataset of that name was published
     */
    @Override
    public boolean materialise(String name, Path folder, Set<String> files) throws IOException {
        Optional<Row> row = find(name);
        if (row.isEmpty()) {
            return false;
        }
        Path archive;
        try {
            archive = storage.read(row.get().objectKey(), row.get().sha256());
        } catch (ArtifactMissingException e) {
            throw new DatasetUnavailableException(name, DatasetUnavailableException.Reason.CORRUPT, "Uploaded dataset '"
                    + name + "' is missing from the artifact storage (" + storage.location() + "); upload it again.", e);
        }
        try (InputStream in = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (files.contains(entry.getName())) {
                    Files.copy(zip, folder.resolve(entry.getName()));
                }
            }
        }
        return true;
    }

    private Optional<Row> find(String name) {
        return jdbc.sql("SELECT object_key, sha256 FROM uploaded_datasets WHERE name = ?").param(name)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2))).optional();
    }

    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete {}: {}", key, e.getMessage());
        }
    }
}
