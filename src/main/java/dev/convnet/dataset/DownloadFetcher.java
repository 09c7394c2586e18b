package dev.convnet.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Fetches an http, https or file URL into a file, refusing more than a maximum size, a body shorter than it
 * announced, and a transfer that stalls.
 */
final class DownloadFetcher {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http;
    private final StallWatchdog watchdog;
    private final long maxBytes;

    DownloadFetcher(StallWatchdog watchdog, long maxBytes) {
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        this.watchdog = watchdog;
        this.maxBytes = maxBytes;
    }

    /** Fetches {@code url} into {@code destination}; returns the size. */
    long fetch(URI url, Path destination) throws DatasetDownloadException, IOException {
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
            if (expected > maxBytes) {
                throw tooLarge(url);
            }
            long copied = copyWatched(url, in, destination);
            if (copied > maxBytes) {
                throw tooLarge(url);
            }
            if (expected >= 0 && copied != expected) {
                throw new DatasetDownloadException(url.toString(), "received " + copied + " of " + expected
                        + " announced bytes (truncated); the partial download was deleted");
            }
            return copied;
        }
    }

    private long copyWatched(URI url, InputStream in, Path destination) throws DatasetDownloadException {
        StallWatchdog.Watched watched = watchdog.watch(in);
        try {
            return DatasetStreams.copyAtMost(watched, destination, maxBytes + 1);
        } catch (IOException e) {
            String reason = watched.stalled() ? "no data for " + watchdog.timeout().toSeconds() + " s" : e.getMessage();
            throw new DatasetDownloadException(url.toString(), "transfer broke off (" + reason
                    + "); the partial download was deleted", e);
        } finally {
            watched.stopWatching();
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

    private DatasetDownloadException tooLarge(URI url) {
        return new DatasetDownloadException(url.toString(), "larger than convnet.datasets.max-download-size ("
                + maxBytes + " bytes); the download was deleted");
    }
}
