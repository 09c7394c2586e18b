package dev.convnet.dataset;

import dev.convnet.common.FilesQuietly;
import dev.convnet.storage.ArtifactStorage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Downloads a built-in dataset (from the artifact storage when another node published its files there, see
 * {@link BuiltInDatasetObjects}) into {@code <dir>/<folder>}. Everything is fetched into a staging folder in the
 * same directory, verified (SHA-256 where published, sizes and structure always), and only then moved into
 * place by atomic renames, so a half-downloaded or corrupt file is never visible to readers: on any failure the
 * staging folder is deleted and the failure reported.
 */
@Component
public class DatasetDownloader {

    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private final DatasetSettings settings;
    private final DownloadFetcher fetcher;
    private final BuiltInDatasetObjects shared;

    /** A downloader that shares nothing with other nodes. */
    public DatasetDownloader(DatasetSettings settings) {
        this(settings, BuiltInDatasetObjects.NONE);
    }

    @Autowired
    DatasetDownloader(DatasetSettings settings, ArtifactStorage storage) {
        this(settings, new BuiltInDatasetObjects(storage));
    }

    private DatasetDownloader(DatasetSettings settings, BuiltInDatasetObjects shared) {
        this.settings = settings;
        this.shared = shared;
        this.fetcher = new DownloadFetcher(new StallWatchdog(STALL_TIMEOUT, Duration.ofSeconds(1)),
                settings.maxDownloadSize().toBytes());
    }

    /** The configured mirror for the dataset's folder, else its canonical location; always ends with '/'. */
    public URI baseUrl(BuiltInDataset dataset) {
        URI base = settings.baseUrls().getOrDefault(dataset.folder(), dataset.download().defaultBaseUrl());
        String text = base.toString();
        return text.endsWith("/") ? base : URI.create(text + "/");
    }

    /** The URLs a download of this dataset fetches, for messages. */
    public List<URI> downloadUrls(BuiltInDataset dataset) {
        URI base = baseUrl(dataset);
        if (dataset.download() instanceof DownloadSpec.TarGzArchive archive) {
            return List.of(base.resolve(archive.archiveName()));
        }
        return dataset.files().stream().map(file -> base.resolve(file.name() + ".gz")).toList();
    }

    /**
     * Downloads the files of {@code dataset} that are missing from its folder, verifies them and moves them into
     * place.
     *
     * @throws DatasetDownloadException the download failed or did not verify; nothing was left behind
     */
    public void download(BuiltInDataset dataset) throws DatasetDownloadException {
        Path target = settings.dir().resolve(dataset.folder());
        Path staging = null;
        try {
            Files.createDirectories(settings.dir());
            staging = Files.createTempDirectory(settings.dir(), ".download-" + dataset.folder() + "-");
            Path verified = Files.createDirectory(staging.resolve("verified"));
            if (dataset.download() instanceof DownloadSpec.TarGzArchive archive) {
                downloadArchive(dataset, archive, staging, verified);
            } else {
                downloadFiles(dataset, LocalDatasetFiles.missing(target, dataset), staging, verified);
            }
            DatasetInstaller.install(verified, target);
        } catch (IOException e) {
            throw new DatasetDownloadException(baseUrl(dataset).toString(),
                    "could not store the download in " + settings.dir().toAbsolutePath() + ": " + e, e);
        } finally {
            FilesQuietly.deleteTree(staging);
        }
    }

    private void downloadFiles(BuiltInDataset dataset, List<DatasetFile> files, Path staging, Path verified)
            throws DatasetDownloadException, IOException {
        URI base = baseUrl(dataset);
        for (DatasetFile file : files) {
            if (shared.copyTo(dataset, file, verified.resolve(file.name()))) {
                continue;
            }
            URI url = base.resolve(file.name() + ".gz");
            Path fetched = staging.resolve(file.name() + ".part");
            fetcher.fetch(url, fetched);
            DownloadVerifier.verifyContent(url, fetched, file);
            shared.publish(dataset, file, fetched);
            String storedName = DatasetStreams.isGzip(fetched) ? file.name() + ".gz" : file.name();
            Files.move(fetched, verified.resolve(storedName));
        }
    }

    private void downloadArchive(BuiltInDataset dataset, DownloadSpec.TarGzArchive archive, Path staging,
                                 Path verified) throws DatasetDownloadException, IOException {
        URI url = baseUrl(dataset).resolve(archive.archiveName());
        Path fetched = staging.resolve(archive.archiveName() + ".part");
        long size = fetcher.fetch(url, fetched);
        DownloadVerifier.verifyArchive(url, fetched, size, archive);
        try {
            TarGzMemberExtractor.extract(dataset, archive, fetched, verified, url);
        } catch (IOException e) {
            throw new DatasetDownloadException(url.toString(), "archive is truncated or corrupt (" + e.getMessage()
                    + "); the download was deleted", e);
        }
    }
}
