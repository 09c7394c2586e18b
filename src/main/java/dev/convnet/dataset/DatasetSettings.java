package dev.convnet.dataset;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where datasets live and how far the service trusts what it downloads or receives.
 *
 * @param dir             built-in datasets, one folder each ({@code <dir>/mnist/train-images-idx3-ubyte.gz},
 *                        {@code <dir>/cifar-10/data_batch_1.bin}); downloads are unpacked here
 * @param uploadDir       uploaded datasets, one folder each
 * @param downloadEnabled whether a built-in dataset missing from {@code dir} is downloaded
 * @param baseUrls        per dataset folder ({@code mnist}, {@code fashion-mnist}, {@code cifar-10},
 *                        {@code cifar-100}), a mirror replacing the canonical download location; http, https
 *                        or file
 * @param maxDownloadSize a download larger than this is aborted and deleted
 * @param folderRoots     folders under which a folder of images may be registered as a dataset over HTTP
 *                        ({@code POST /api/v1/datasets/folders}); empty: registration is refused
 */
@ConfigurationProperties("convnet.datasets")
public record DatasetSettings(
        @DefaultValue("data/datasets") Path dir,
        @DefaultValue("data/uploaded-datasets") Path uploadDir,
        @DefaultValue("true") boolean downloadEnabled,
        Map<String, URI> baseUrls,
        @DefaultValue("256MB") DataSize maxDownloadSize,
        @DefaultValue Upload upload,
        List<Path> folderRoots) {

    public DatasetSettings {
        baseUrls = baseUrls == null ? Map.of() : Map.copyOf(baseUrls);
        upload = upload == null ? Upload.defaults() : upload;
        folderRoots = folderRoots == null ? List.of() : List.copyOf(folderRoots);
    }

    /**
     * Limits for uploaded zip archives; exceeding one is refused with {@link DatasetUploadTooLargeException}.
     *
     * @param maxArchiveSize      the zip as received
     * @param maxEntries          entries in the zip, folders included
     * @param maxUncompressedSize bytes inflated from all entries together, counted while reading
     * @param maxImagePixels      width x height of one image, checked from its header before decoding
     * @param maxDecodedSize      bytes of all decoded images together (height x width x channels each)
     * @param maxEntrySize        bytes inflated from one entry: an image file is read whole before it is decoded, so
     *                            this bounds the heap one entry takes (a 4096 x 4096 RGB PNG of noise is 48 MB)
     * @param maxConcurrent       uploads imported at once; more are refused with 503 and Retry-After. One upload may
     *                            hold up to twice {@code maxDecodedSize} of pixels on the heap while it is stored
     */
    public record Upload(
            @DefaultValue("200MB") DataSize maxArchiveSize,
            @DefaultValue("100000") int maxEntries,
            @DefaultValue("1GB") DataSize maxUncompressedSize,
            @DefaultValue("16777216") long maxImagePixels,
            @DefaultValue("1GB") DataSize maxDecodedSize,
            @DefaultValue("64MB") DataSize maxEntrySize,
            @DefaultValue("2") int maxConcurrent) {

        public Upload {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("convnet.datasets.upload.max-concurrent must be at least 1, was "
                        + maxConcurrent);
            }
        }

        public static Upload defaults() {
            return new Upload(DataSize.ofMegabytes(200), 100_000, DataSize.ofGigabytes(1), 4096L * 4096,
                    DataSize.ofGigabytes(1), DataSize.ofMegabytes(64), 2);
        }
    }

    /** Settings with the given folders and every other value at its default. */
    public static DatasetSettings of(Path dir, Path uploadDir) {
        return new DatasetSettings(dir, uploadDir, true, Map.of(), DataSize.ofMegabytes(256), Upload.defaults(),
                List.of());
    }
}
