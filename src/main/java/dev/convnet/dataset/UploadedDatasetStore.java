package dev.convnet.dataset;

import dev.convnet.common.FilesQuietly;
import dev.convnet.common.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploaded datasets: {@code <uploadDir>/<name>/} with {@code metadata.json} and four IDX files, published to the
 * artifact storage ({@link UploadedDatasetObjects}) before they appear here, so that a node that lacks the folder
 * materialises it from the storage. A folder is written into a hidden staging folder and renamed into place in one
 * step, so it is either complete or absent; checksums recorded in the metadata are checked on load.
 */
@Component
public class UploadedDatasetStore {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final String METADATA = "metadata.json";
    private static final String TRAIN_IMAGES = "train-images.idx";
    private static final String TRAIN_LABELS = "train-labels.idx";
    private static final String TEST_IMAGES = "test-images.idx";
    private static final String TEST_LABELS = "test-labels.idx";

    // Its own mapper: the file format must not change with the web layer's JSON settings.
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Set<String> FILES = new LinkedHashSet<>(List.of(METADATA, TRAIN_IMAGES, TRAIN_LABELS,
            TEST_IMAGES, TEST_LABELS));

    private final Path root;
    private final PublishedDatasets objects;

    /** A store of one node's folder only, shared with no other node. */
    public UploadedDatasetStore(DatasetSettings settings) {
        this(settings, PublishedDatasets.NONE);
    }

    @Autowired
    UploadedDatasetStore(DatasetSettings settings, PublishedDatasets objects) {
        this.root = settings.uploadDir().toAbsolutePath();
        this.objects = objects;
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Names of the stored datasets (folders with a metadata file), sorted; their metadata may still be unreadable. */
    public List<String> names() {
        Set<String> result = new TreeSet<>(objects.names());
        result.addAll(localNames());
        return List.copyOf(result);
    }

    private List<String> localNames() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.sorted(Comparator.comparing(Path::getFileName)).toList()) {
                String name = folder.getFileName().toString();
                if (isValidName(name) && Files.isRegularFile(folder.resolve(METADATA))) {
                    result.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list uploaded datasets in " + root, e);
        }
        return result;
    }

    public Optional<UploadedDatasetMetadata> find(String name) {
        if (!isValidName(name)) {
            return Optional.empty();
        }
        Path metadata = root.resolve(name).resolve(METADATA);
        if (!Files.isRegularFile(metadata) && !materialise(name)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(metadata)) {
            return Optional.of(JSON.readValue(in, UploadedDatasetMetadata.class));
        } catch (JacksonException e) {
            throw unreadableMetadata(name, e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw unreadableMetadata(name, FileErrors.describe(e), e);
        }
    }

    private static DatasetUnavailableException unreadableMetadata(String name, String reason, Exception cause) {
        return new DatasetUnavailableException(name, DatasetUnavailableException.Reason.CORRUPT, "Uploaded dataset '"
                + name + "' has an unreadable " + METADATA + " (" + reason + "). " + deleteAndUploadAgain(name), cause);
    }

    private static String deleteAndUploadAgain(String name) {
        return "Delete its folder '" + name + "' in the upload directory (convnet.datasets.upload-dir) and upload it again.";
    }

    public boolean exists(String name) {
        return isValidName(name) && (Files.exists(root.resolve(name)) || objects.exists(name));
    }

    /** Copies a dataset published by any node into this node's upload directory; false if none was published. */
    private boolean materialise(String name) {
        Path staging = null;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, ".materialising-" + name + "-");
            if (!objects.materialise(name, staging, FILES)) {
                return false;
            }
            try {
                Files.move(staging, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another request on this node materialised it first: its copy is as good
            }
            return true;
        } catch (IOException e) {
            throw new DatasetUnavailableException(name, DatasetUnavailableException.Reason.CORRUPT, "Uploaded dataset '"
                    + name + "' could not be read from the artifact storage: " + FileErrors.describe(e), e);
        } finally {
            FilesQuietly.deleteTree(staging);
        }
    }

    /**
     * @throws DatasetNotFoundException    no uploaded dataset has this name
     * @throws DatasetUnavailableException a stored file does not match its checksum or format (CORRUPT)
     */
    public DatasetSplits load(String name) {
        UploadedDatasetMetadata metadata = find(name).orElseThrow(() -> new DatasetNotFoundException(name));
        Path folder = root.resolve(name);
        try {
            ImageSet train = IdxReader.toImageSet(readVerified(folder, TRAIN_IMAGES, metadata), TRAIN_IMAGES,
                    readVerified(folder, TRAIN_LABELS, metadata), TRAIN_LABELS, metadata.classNames());
            ImageSet test = IdxReader.toImageSet(readVerified(folder, TEST_IMAGES, metadata), TEST_IMAGES,
                    readVerified(folder, TEST_LABELS, metadata), TEST_LABELS, metadata.classNames());
            return new DatasetSplits(train, test);
        } catch (IOException | IllegalArgumentException e) {
            throw new DatasetUnavailableException(name, DatasetUnavailableException.Reason.CORRUPT,
                    "Uploaded dataset '" + name + "' is corrupt: " + (e instanceof IOException io ? FileErrors.describe(io)
                            : e.getMessage()) + ". " + deleteAndUploadAgain(name), e);
        }
    }

    private static IdxReader.IdxArray readVerified(Path folder, String file, UploadedDatasetMetadata metadata)
            throws IOException {
        MessageDigest digest = Sha256.newDigest();
        IdxReader.IdxArray array;
        try (InputStream in = new DigestInputStream(DatasetStreams.openContent(folder.resolve(file)), digest)) {
            array = IdxReader.readArray(in, file);
        }
        String expected = metadata.sha256().get(file);
        String actual = Sha256.hex(digest);
        if (expected == null || !expected.equalsIgnoreCase(actual)) {
            throw new DatasetFormatException(file, "SHA-256 is " + actual + ", the metadata records " + expected);
        }
        return array;
    }

    /**
     * Stores a dataset atomically.
     *
     * @throws DatasetAlreadyExistsException a dataset of that name was stored first
     */
    UploadedDatasetMetadata save(UploadedDatasetMetadata metadata, DatasetSplits splits) throws IOException {
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, ".staging-" + metadata.name() + "-");
        try {
            Map<String, String> checksums = new LinkedHashMap<>();
            write(staging, TRAIN_IMAGES, checksums, file -> IdxWriter.writeImages(splits.train(), file));
            write(staging, TRAIN_LABELS, checksums, file -> IdxWriter.writeLabels(splits.train(), file));
            write(staging, TEST_IMAGES, checksums, file -> IdxWriter.writeImages(splits.test(), file));
            write(staging, TEST_LABELS, checksums, file -> IdxWriter.writeLabels(splits.test(), file));
            UploadedDatasetMetadata stored = metadata.withChecksums(checksums);
            try (OutputStream out = Files.newOutputStream(staging.resolve(METADATA))) {
                JSON.writerWithDefaultPrettyPrinter().writeValue(out, stored);
            }
            Path target = root.resolve(metadata.name());
            if (exists(metadata.name())) {
                throw new DatasetAlreadyExistsException(metadata.name());
            }
            objects.publish(metadata.name(), staging, FILES);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                throw new DatasetAlreadyExistsException(metadata.name());
            }
            return stored;
        } finally {
            FilesQuietly.deleteTree(staging);
        }
    }

    /** A new, empty file in the upload directory for receiving an upload; hidden from listings. */
    Path createIncomingFile() throws IOException {
        Files.createDirectories(root);
        return Files.createTempFile(root, ".incoming-", ".zip");
    }

    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    private static void write(Path folder, String name, Map<String, String> checksums, FileWriter writer)
            throws IOException {
        Path file = folder.resolve(name);
        writer.write(file);
        checksums.put(name, Sha256.hexOfFile(file));
    }
}
