package dev.convnet.dataset;

/**
 * The upload exceeds a configured limit: archive size, entry count, uncompressed bytes, pixels of one image or
 * decoded bytes of all images. Maps to HTTP 413. {@link #limit()} names the property under
 * {@code convnet.datasets.upload}.
 */
public final class DatasetUploadTooLargeException extends DatasetUploadRejectedException {

    private final String limit;

    public DatasetUploadTooLargeException(String entry, String limit, long limitValue, String reason) {
        super("file", entry, reason + " (limit convnet.datasets.upload." + limit + " = " + limitValue + ")", null);
        this.limit = limit;
    }

    /** The exceeded limit, e.g. {@code max-entries}. */
    public String limit() {
        return limit;
    }
}
