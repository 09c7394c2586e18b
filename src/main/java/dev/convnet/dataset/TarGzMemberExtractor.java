package dev.convnet.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a dataset's files from its tar.gz archive: only the expected regular-file members, each checked
 * against its expected size, so nothing else in the archive is ever written.
 */
final class TarGzMemberExtractor {

    private TarGzMemberExtractor() {
    }

    static void extract(BuiltInDataset dataset, DownloadSpec.TarGzArchive archive, Path fetched, Path verified,
                        URI url) throws IOException, DatasetDownloadException {
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
                long copied = DatasetStreams.copyAtMost(tar, verified.resolve(fileName), file.size() + 1);
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
}
