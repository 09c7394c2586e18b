package dev.convnet.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The folder datasets, configured ones and ones registered over HTTP: described from a listing of their files,
 * streamed when trained on. A configured name hides a registered one of the same name.
 */
@Component
public class FolderDatasets {

    /** A folder dataset's files and the size its images are brought to. */
    public record Streamed(String name, ImageShape shape, FolderLayout layout) {
    }

    private final FolderDatasetSettings settings;
    private final DatasetSettings datasets;
    private final RegisteredFolders registered;
    private final FolderRoots roots;

    /** The configured folder datasets only. */
    public FolderDatasets(FolderDatasetSettings settings, DatasetSettings datasets) {
        this(settings, datasets, RegisteredFolders.NONE);
    }

    @Autowired
    FolderDatasets(FolderDatasetSettings settings, DatasetSettings datasets, RegisteredFolders registered) {
        this.settings = settings;
        this.datasets = datasets;
        this.registered = registered;
        this.roots = new FolderRoots(datasets.folderRoots());
    }

    public int decodeThreads() {
        return settings.decodeThreads();
    }

    List<String> names() {
        Set<String> names = new TreeSet<>(settings.datasets().keySet());
        names.addAll(registered.names());
        return List.copyOf(names);
    }

    boolean isConfigured(String name) {
        return settings.datasets().containsKey(name);
    }

    /** Empty when no folder dataset has this name; lists the folder's files otherwise. */
    public Optional<Streamed> find(String name) {
        FolderDatasetSettings.Folder folder = settings.datasets().get(name);
        if (folder != null) {
            ImageShape shape = new ImageShape(folder.height(), folder.width(), folder.channels());
            return Optional.of(new Streamed(name, shape, FolderLayout.scan(name, datasets.dir().resolve(folder.path()),
                    folder.testFraction())));
        }
        return registered.find(name).map(this::scan);
    }

    /**
     * Checked again on every use, on this node: the roots may have changed since the registration, and a folder
     * replaced by a link must not lead outside them.
     */
    private Streamed scan(RegisteredFolder folder) {
        Path real;
        try {
            real = folder.path().toRealPath();
        } catch (IOException e) {
            throw new DatasetUnavailableException(folder.name(), DatasetUnavailableException.Reason.ABSENT,
                    "the registered folder " + folder.path() + " is not readable on this node ("
                            + FileErrors.describe(e) + ")", e);
        }
        if (!roots.containsReal(real)) {
            throw new DatasetUnavailableException(folder.name(), DatasetUnavailableException.Reason.ABSENT,
                    "the registered folder " + folder.path() + " is not under this node's convnet.datasets.folder-roots",
                    null);
        }
        if (!Files.isDirectory(real.resolve(FolderLayout.TRAIN))) {
            throw new DatasetUnavailableException(folder.name(), DatasetUnavailableException.Reason.ABSENT,
                    "the registered folder " + folder.path() + " has no train/ folder", null);
        }
        return new Streamed(folder.name(), folder.shape(), FolderLayout.scan(folder.name(), real, 0));
    }

    DatasetInfo describe(Streamed dataset) {
        List<String> names = dataset.layout().classNames();
        return new DatasetInfo(dataset.name(), DatasetSource.FOLDER, "streamed from a folder of images",
                IntStream.range(0, names.size()).mapToObj(i -> new DatasetClass(i, names.get(i))).toList(), dataset.shape(),
                dataset.layout().train().size(), dataset.layout().test().size(), true, false, null);
    }
}
