package dev.convnet.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * An uploaded zip, opened with every guard a hostile archive calls for: the received size, the entry count,
 * names that would escape a folder (absolute, {@code ..}, backslashes), symbolic links, duplicate names,
 * encrypted entries, and bytes counted as they are inflated, per entry and in total, since header sizes lie.
 *
 * <p>Read through the central directory with Commons Compress, because symbolic-link entries are only
 * recognisable from the Unix mode stored there (java.util.zip does not expose it). Entries are read into
 * memory and never extracted to disk. Not thread-safe: one upload, one instance.
 */
final class GuardedZip implements AutoCloseable {

    private final ZipFile zip;
    private final DatasetSettings.Upload limits;
    private long uncompressed;

    private GuardedZip(ZipFile zip, DatasetSettings.Upload limits) {
        this.zip = zip;
        this.limits = limits;
    }

    /** Copies the upload to {@code destination}, refusing it as soon as it passes max-archive-size. */
    static void receive(InputStream upload, Path destination, DatasetSettings.Upload limits) throws IOException {
        long max = limits.maxArchiveSize().toBytes();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(destination)) {
            for (int n; (n = upload.read(buffer)) > 0; ) {
                total += n;
                if (total > max) {
                    throw new DatasetUploadTooLargeException(null, "max-archive-size", max,
                            "the archive is larger than allowed");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    static GuardedZip open(Path received, DatasetSettings.Upload limits) {
        try {
            return new GuardedZip(new ZipFile(received.toFile()), limits);
        } catch (IOException e) {
            // Commons Compress names the file it opened, which is the node's business, not the client's: the cause says why
            String reason = (e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : String.valueOf(e.getMessage())).replace(received.toString(), "the upload");
            throw new InvalidDatasetUploadException("file", null, "is not a readable zip archive (" + reason + ")", e);
        }
    }

    /**
     * Checks every entry's name and kind before any content is read, and returns the regular files, leaving out
     * those zip tools add on their own.
     */
    List<ZipArchiveEntry> files() {
        List<ZipArchiveEntry> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
            if (++count > limits.maxEntries()) {
                throw new DatasetUploadTooLargeException(null, "max-entries", limits.maxEntries(),
                        "the archive has more entries than allowed");
            }
            String name = entry.getName();
            checkName(name);
            if (entry.isUnixSymlink()) {
                throw new InvalidDatasetUploadException("file", name, "is a symbolic link; links are not accepted");
            }
            if (!seen.add(name)) {
                throw new InvalidDatasetUploadException("file", name, "occurs twice in the archive");
            }
            if (entry.isDirectory() || isJunk(name)) {
                continue;
            }
            if (!zip.canReadEntryData(entry)) {
                throw new InvalidDatasetUploadException("file", name,
                        "is encrypted or uses an unsupported compression method");
            }
            files.add(entry);
        }
        return files;
    }

    /** macOS resource forks, .DS_Store and other hidden files. */
    private static boolean isJunk(String name) {
        String[] segments = name.split("/");
        return segments[0].equals("__MACOSX") || segments[segments.length - 1].startsWith(".");
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new InvalidDatasetUploadException("file", name, "has an empty or invalid name");
        }
        String normalized = name.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*")) {
            throw new InvalidDatasetUploadException("file", name, "has an absolute path");
        }
        String path = normalized.endsWith("/") ? normalized.substring(0, normalized.length() - 1) : normalized;
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw new InvalidDatasetUploadException("file", name, "escapes the archive's folder ('..')");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw new InvalidDatasetUploadException("file", name, "has an empty or '.' path segment");
            }
        }
        if (!normalized.equals(name)) {
            throw new InvalidDatasetUploadException("file", name, "uses '\\' as a separator; use '/'");
        }
    }

    /**
     * The entry's bytes, refused as soon as they pass max-entry-size (never more than that is held) or the
     * archive's inflated total passes max-uncompressed-size.
     */
    byte[] read(ZipArchiveEntry entry) {
        long maxEntry = limits.maxEntrySize().toBytes();
        if (entry.getSize() > maxEntry) { // a header's size is not trusted to be small, but believed when large
            throw entryTooLarge(entry.getName(), maxEntry);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 14];
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                countUncompressed(n, entry.getName());
                if (out.size() + (long) n > maxEntry) {
                    throw entryTooLarge(entry.getName(), maxEntry);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new InvalidDatasetUploadException("file", entry.getName(), "cannot be read from the archive ("
                    + e.getMessage() + ")", e);
        }
        return out.toByteArray();
    }

    private void countUncompressed(long bytes, String entry) {
        uncompressed += bytes;
        if (uncompressed > limits.maxUncompressedSize().toBytes()) {
            throw new DatasetUploadTooLargeException(entry, "max-uncompressed-size",
                    limits.maxUncompressedSize().toBytes(), "the archive inflates to more bytes than allowed");
        }
    }

    private static DatasetUploadTooLargeException entryTooLarge(String entry, long maxEntry) {
        return new DatasetUploadTooLargeException(entry, "max-entry-size", maxEntry, "one entry inflates to more bytes"
                + " than allowed");
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
