package dev.convnet.dataset;

import dev.convnet.common.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Checks a fetched file against what its publisher states: size, and SHA-256 where one is published. */
final class DownloadVerifier {

    private DownloadVerifier() {
    }

    /** A gzipped dataset file, judged by its decompressed content, so that a recompressing mirror passes. */
    static void verifyContent(URI url, Path fetched, DatasetFile file) throws DatasetDownloadException {
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

    /** A downloaded archive as a whole; its members are checked when extracted. */
    static void verifyArchive(URI url, Path fetched, long size, DownloadSpec.TarGzArchive archive)
            throws DatasetDownloadException, IOException {
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
    }
}
