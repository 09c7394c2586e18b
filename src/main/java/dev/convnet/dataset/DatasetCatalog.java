package dev.convnet.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Service;

/** Built-in and uploaded datasets: what exists, what is available here, and loading them. */
@Service
public class DatasetCatalog {

    private final DatasetSettings settings;
    private final DatasetLocator locator;
    private final BuiltInDatasetLoader builtInLoader;
    private final UploadedDatasetStore uploads;
    private final FolderDatasets folders;

    public DatasetCatalog(DatasetSettings settings, DatasetLocator locator, BuiltInDatasetLoader builtInLoader,
                          UploadedDatasetStore uploads, FolderDatasets folders) {
        this.settings = settings;
        this.folders = folders;
        this.locator = locator;
        this.builtInLoader = builtInLoader;
        this.uploads = uploads;
    }

    /** Built-in datasets first, in catalogue order, then uploaded ones by name, unreadable ones included. */
    public List<DatasetInfo> list() {
        List<DatasetInfo> result = new ArrayList<>();
        BuiltInDatasets.ALL.forEach(dataset -> result.add(describe(dataset)));
        for (String name : folders.names()) {
            try {
                folders.find(name).ifPresent(folder -> result.add(folders.describe(folder)));
            } catch (DatasetUnavailableException e) {
                result.add(DatasetInfo.unusable(name, DatasetSource.FOLDER, e.getMessage()));
            }
        }
        for (String name : uploads.names()) {
            try {
                uploads.find(name).ifPresent(metadata -> result.add(describe(metadata)));
            } catch (DatasetUnavailableException e) {
                // one damaged dataset must not hide the others: it is listed, with what is wrong with it
                result.add(DatasetInfo.unusable(name, DatasetSource.UPLOADED, e.getMessage()));
            }
        }
        return result;
    }

    /** @throws DatasetNotFoundException no dataset has this name */
    public DatasetInfo describe(String name) {
        return BuiltInDatasets.find(name).map(this::describe)
                .or(() -> folders.find(name).map(folders::describe))
                .or(() -> uploads.find(name).map(DatasetCatalog::describe))
                .orElseThrow(() -> new DatasetNotFoundException(name));
    }

    /**
     * Loads a dataset into memory (bytes; converted to floats per batch by {@link ImageSet}). Not cached: a
     * caller that trains repeatedly on the same dataset keeps the result.
     *
     * @throws DatasetNotFoundException    no dataset has this name
     * @throws DatasetUnavailableException known, but absent and not downloadable, or corrupt
     */
    public DatasetSplits load(String name) {
        if (folders.find(name).isPresent()) {
            throw new DatasetUnavailableException(name, DatasetUnavailableException.Reason.ABSENT, "dataset '" + name
                    + "' is streamed from its folder and is not loaded into memory", null);
        }
        return BuiltInDatasets.find(name).map(builtInLoader::load)
                .orElseGet(() -> uploads.load(name));
    }

    /** The folder dataset of this name, to stream; empty for in-memory datasets. */
    public java.util.Optional<FolderDatasets.Streamed> streamed(String name) {
        return folders.find(name);
    }

    private DatasetInfo describe(BuiltInDataset dataset) {
        boolean available = locator.isAvailable(dataset);
        return new DatasetInfo(dataset.name(), DatasetSource.BUILT_IN, dataset.description(),
                classes(dataset.classNames()), dataset.shape(), dataset.trainSize(), dataset.testSize(), available,
                !available && settings.downloadEnabled(), null);
    }

    private static DatasetInfo describe(UploadedDatasetMetadata metadata) {
        String description = "uploaded" + (metadata.originalFileName() == null ? "" : " from "
                + metadata.originalFileName());
        return new DatasetInfo(metadata.name(), DatasetSource.UPLOADED, description, classes(metadata.classNames()),
                metadata.shape(), metadata.trainSize(), metadata.testSize(), true, false, null);
    }

    private static List<DatasetClass> classes(List<String> names) {
        return IntStream.range(0, names.size()).mapToObj(i -> new DatasetClass(i, names.get(i))).toList();
    }
}
