package dev.convnet.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Finds a built-in dataset's files in the configured directory, downloading them when absent and allowed. */
@Component
public class DatasetLocator {

    private final DatasetSettings settings;
    private final DatasetDownloader downloader;
    /** One download per folder at a time; concurrent callers wait and then find the files. */
    private final Map<String, Object> folderLocks = new ConcurrentHashMap<>();

    public DatasetLocator(DatasetSettings settings, DatasetDownloader downloader) {
        this.settings = settings;
        this.downloader = downloader;
    }

    /** Where the dataset's files belong: {@code <dir>/<folder>}. */
    public Path folder(BuiltInDataset dataset) {
        return settings.dir().resolve(dataset.folder()).toAbsolutePath();
    }

    /** Whether all of the dataset's files are present on this node now (no download, no checksum). */
    public boolean isAvailable(BuiltInDataset dataset) {
        return LocalDatasetFiles.missing(folder(dataset), dataset).isEmpty();
    }

    public List<DatasetFile> missingFiles(BuiltInDataset dataset) {
        return LocalDatasetFiles.missing(folder(dataset), dataset);
    }

    /** The file in the dataset's folder: plain, or gzipped for IDX datasets. */
    public Optional<Path> findFile(BuiltInDataset dataset, DatasetFile file) {
        return LocalDatasetFiles.find(folder(dataset), dataset, file);
    }

    /**
     * The dataset's folder with all its files present, downloading missing ones when downloads are enabled.
     *
     * @throws DatasetUnavailableException the files are absent and cannot be downloaded (ABSENT), or the
     *                                     download failed or did not verify (DOWNLOAD_FAILED)
     */
    public Path locate(BuiltInDataset dataset) {
        if (isAvailable(dataset)) {
            return folder(dataset);
        }
        if (!settings.downloadEnabled()) {
            throw new DatasetUnavailableException(dataset.name(), DatasetUnavailableException.Reason.ABSENT,
                    "Dataset '" + dataset.name() + "' is not on this node and downloads are disabled"
                            + " (convnet.datasets.download-enabled=false). " + whereToPutFiles(dataset), null);
        }
        synchronized (folderLocks.computeIfAbsent(dataset.folder(), folder -> new Object())) {
            if (!isAvailable(dataset)) {
                try {
                    downloader.download(dataset);
                } catch (DatasetDownloadException e) {
                    throw new DatasetUnavailableException(dataset.name(),
                            DatasetUnavailableException.Reason.DOWNLOAD_FAILED,
                            "Dataset '" + dataset.name() + "' could not be downloaded: " + e.getMessage() + ". "
                                    + whereToPutFiles(dataset), e);
                }
            }
        }
        List<DatasetFile> missing = missingFiles(dataset);
        if (!missing.isEmpty()) {
            throw new DatasetUnavailableException(dataset.name(), DatasetUnavailableException.Reason.DOWNLOAD_FAILED,
                    "Dataset '" + dataset.name() + "' is still incomplete after its download. "
                            + whereToPutFiles(dataset), null);
        }
        return folder(dataset);
    }

    /** Which files to put where, and where they are published. */
    public String whereToPutFiles(BuiltInDataset dataset) {
        String names = dataset.files().stream().map(DatasetFile::name).collect(Collectors.joining(", "));
        String urls = downloader.downloadUrls(dataset).stream().map(DatasetDownloadException::displayed)
                .collect(Collectors.joining(", "));
        // The folder relative to the setting: a client is not told where the node keeps its files.
        String folder = "the folder '" + dataset.folder() + "' of the datasets directory (convnet.datasets.dir)";
        if (dataset.download() instanceof DownloadSpec.TarGzArchive archive) {
            return "Put " + names + " (the files in " + archive.memberPrefix() + " of " + archive.archiveName()
                    + ", from " + urls + ") into " + folder + ".";
        }
        return "Put " + names + " (each gzipped with .gz appended, or uncompressed; from " + urls + ") into "
                + folder + ".";
    }
}
