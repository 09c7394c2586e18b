package dev.convnet.dataset;

import dev.convnet.common.FilesQuietly;
import dev.convnet.common.Sha256;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.springframework.stereotype.Component;

/**
 * Downloads a built-in dataset into {@code <dir>/<folder>}. Everything is fetched into a staging folder in the
 * same directory, verified (SHA-256 where published, sizes and structure always), and only then moved into
 * place by atomic renames, so a half-downloaded or corrupt file is never visible to readers: on any failure the
 * staging folder is deleted and the failure reported.
 */
@Component
public class DatasetDownloader {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    /** HttpClient has no read timeout for a body stream, so a stalled transfer is closed by a watchdog. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "dataset-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final DatasetSettings settings;
    private final HttpClient http;

    public DatasetDownloader(DatasetSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
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
            install(verified, target);
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
            URI url = base.resolve(file.name() + ".gz");
            Path fetched = staging.resolve(file.name() + ".part");
            fetch(url, fetched);
            verifyContent(url, fetched, file);
            String storedName = DatasetStreams.isGzip(fetched) ? file.name() + ".gz" : file.name();
            Files.move(fetched, verified.resolve(storedName));
        }
    }

    private void verifyContent(URI url, Path fetched, DatasetFile file) throws DatasetDownloadException {
        DatasetStreams.ContentHash content;
        try {
            content = DatasetStreams.hashContent(fetched);
        } catch (IOException e) {
            throw new DatasetDownloadException(url.toString(), "truncated or corrupt gzip data (" + e.getMessage()
                    + "); the download was deleted", e);
        }
        if (content.length() != file.size()) {
            throw new DatasetDownloadException(url.toString(), "content is " + content.length() + " bytes, expected "
                    + file.size() + " (truncated or wrong file); the download was deleted");
        }
        if (file.sha256() != null && !file.sha256().equalsIgnoreCase(content.sha256())) {
            throw new DatasetDownloadException(url.toString(), "SHA-256 of the content is " + content.sha256()
                    + ", expected " + file.sha256() + " (corrupt or wrong file); the download was deleted");
        }
    }

    private void downloadArchive(BuiltInDataset dataset, DownloadSpec.TarGzArchive archive, Path staging,
                                 Path verified) throws DatasetDownloadException, IOException {
        URI url = baseUrl(dataset).resolve(archive.archiveName());
        Path fetched = staging.resolve(archive.archiveName() + ".part");
        long size = fetch(url, fetched);
        if (archive.archiveSize() > 0 && size != archive.archiveSize()) {
            throw new DatasetDownloadException(url.toString(), "archive is " + size + " bytes, expected "
                    + archive.archiveSize() + " (truncated or wrong file); the download was deleted");
        }
        if (archive.archiveSha256() != null) {
            String actual = Sha256.hexOfFile(fetched);
            if (!archive.archiveSha256().equalsIgnoreCase(actual)) {
                throw new DatasetDownloadException(url.toString(), "SHA-256 of the archive is " + actual
                        + ", expected " + archive.archiveSha256() + " (corrupt or wrong file); the download was deleted");
            }
        }
        try {
            extractMembers(dataset, archive, fetched, verified, url);
        } catch (IOException e) {
            throw new DatasetDownloadException(url.toString(), "archive is truncated or corrupt (" + e.getMessage()
                    + "); the download was deleted", e);
        }
    }

    /** Extracts only the expected regular-file members, each checked against its expected size. */
    private static void extractMembers(BuiltInDataset dataset, DownloadSpec.TarGzArchive archive, Path fetched,
                                       Path verified, URI url) throws IOException, DatasetDownloadException {
        Set<String> extracted = new HashSet<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(fetched), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
            for (TarArchiveEntry entry; (entry = tar.getNextTarEntry()) != null; ) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (!entry.isFile() || !name.startsWith(archive.memberPrefix())) {
                    continue;
                }
                String fileName = name.substring(archive.memberPrefix().length());
                DatasetFile file = dataset.files().stream().filter(f -> f.name().equals(fileName)).findFirst()
                        .orElse(null);
                if (file == null || extracted.contains(fileName)) {
                    continue;
                }
                long copied = copyAtMost(tar, verified.resolve(fileName), file.size() + 1);
                if (copied != file.size()) {
                    throw new DatasetDownloadException(url.toString(), "member " + name + " has " + copied
                            + " bytes, expected " + file.size() + "; the download was deleted");
                }
                extracted.add(fileName);
            }
        }
        List<String> absent = dataset.files().stream().map(DatasetFile::name)
                .filter(name -> !extracted.contains(name)).toList();
        if (!absent.isEmpty()) {
            throw new DatasetDownloadException(url.toString(), "archive lacks " + archive.memberPrefix()
                    + String.join(", " + archive.memberPrefix(), absent) + "; the download was deleted");
        }
    }

    /** Fetches {@code url} into {@code destination}, refusing more than the configured maximum; returns the size. */
    private long fetch(URI url, Path destination) throws DatasetDownloadException, IOException {
        long max = settings.maxDownloadSize().toBytes();
        long expected;
        InputStream body;
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if (scheme.equals("file")) {
            Path source = Path.of(url);
            try {
                expected = Files.size(source);
                body = Files.newInputStream(source);
            } catch (NoSuchFileException e) {
                throw new DatasetDownloadException(url.toString(), "no such file", e);
            }
        } else if (scheme.equals("http") || scheme.equals("https")) {
            HttpResponse<InputStream> response = send(url);
            body = response.body();
            expected = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (response.statusCode() != 200) {
                body.close();
                throw new DatasetDownloadException(url.toString(), "HTTP status " + response.statusCode());
            }
        } else {
            throw new DatasetDownloadException(url.toString(), "only http, https and file URLs are supported");
        }
        try (InputStream in = body) {
            if (expected > max) {
                throw tooLarge(url, max);
            }
            long copied;
            ProgressInputStream watched = new ProgressInputStream(in);
            ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(() -> watched.closeIfStalled(STALL_TIMEOUT),
                    1, 1, TimeUnit.SECONDS);
            try {
                copied = copyAtMost(watched, destination, max + 1);
            } catch (IOException e) {
                String reason = watched.stalled ? "no data for " + STALL_TIMEOUT.toSeconds() + " s" : e.getMessage();
                throw new DatasetDownloadException(url.toString(), "transfer broke off (" + reason
                        + "); the partial download was deleted", e);
            } finally {
                watchdog.cancel(false);
            }
            if (copied > max) {
                throw tooLarge(url, max);
            }
            if (expected >= 0 && copied != expected) {
                throw new DatasetDownloadException(url.toString(), "received " + copied + " of " + expected
                        + " announced bytes (truncated); the partial download was deleted");
            }
            return copied;
        }
    }

    private HttpResponse<InputStream> send(URI url) throws DatasetDownloadException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new DatasetDownloadException(url.toString(), "cannot connect (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetDownloadException(url.toString(), "interrupted", e);
        }
    }

    private static DatasetDownloadException tooLarge(URI url, long max) {
        return new DatasetDownloadException(url.toString(), "larger than convnet.datasets.max-download-size ("
                + max + " bytes); the download was deleted");
    }

    /** Copies at most {@code limit} bytes and returns how many were copied. */
    private static long copyAtMost(InputStream in, Path destination, long limit) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(destination)) {
            while (total < limit) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                total += n;
            }
        }
        return total;
    }

    /**
     * Moves the verified files into {@code target}: the whole folder in one rename when the target does not exist
     * yet, else file by file (each rename atomic), keeping files that are already there.
     */
    private static void install(Path verified, Path target) throws IOException {
        if (!Files.exists(target)) {
            try {
                Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another node or thread created the folder meanwhile: fall through and add our files.
            }
        }
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(verified)) {
            for (Path file : files.collect(Collectors.toList())) {
                Path destination = target.resolve(file.getFileName());
                if (!Files.exists(destination)) {
                    Files.move(file, destination, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
    }

    /** Remembers when data last arrived, so that a stalled transfer can be closed from another thread. */
    private static final class ProgressInputStream extends FilterInputStream {
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean stalled;

        ProgressInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            lastProgress = System.nanoTime();
            return n;
        }

        void closeIfStalled(Duration timeout) {
            if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                stalled = true;
                try {
                    close();
                } catch (IOException e) {
                    // Closing is only a means to unblock the reader, which then reports the failure.
                }
            }
        }
    }
}
