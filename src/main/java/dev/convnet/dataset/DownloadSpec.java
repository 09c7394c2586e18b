package dev.convnet.dataset;

import java.net.URI;

/** Where and in which form a built-in dataset is published. */
public sealed interface DownloadSpec {

    /** The canonical location; a configured base URL replaces it. */
    URI defaultBaseUrl();

    /**
     * One gzipped file per {@link DatasetFile}, at {@code baseUrl + name + ".gz"}; each is checked by the
     * SHA-256 of its decompressed content, so a mirror that recompressed the files is accepted.
     */
    record GzipPerFile(URI defaultBaseUrl) implements DownloadSpec {
    }

    /**
     * One tar.gz archive at {@code baseUrl + archiveName} whose members {@code memberPrefix + file name} are the
     * dataset's files.
     *
     * @param archiveSha256 SHA-256 of the archive, or null when none could be verified from a public source;
     *                      the download is then verified structurally only (member sizes, record counts)
     * @param archiveSize   size of the published archive in bytes, or 0 when unknown
     */
    record TarGzArchive(URI defaultBaseUrl, String archiveName, String archiveSha256, long archiveSize,
                        String memberPrefix) implements DownloadSpec {
    }
}
