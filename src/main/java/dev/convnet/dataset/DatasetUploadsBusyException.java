package dev.convnet.dataset;

/**
 * As many uploads as {@code convnet.datasets.upload.max-concurrent} allows are being imported: answered 503 with
 * Retry-After, since each holds its decoded images on the heap until it is stored.
 */
public class DatasetUploadsBusyException extends RuntimeException {

    /** An import of a large archive takes seconds. */
    public static final long RETRY_AFTER_SECONDS = 5;

    public DatasetUploadsBusyException(int maxConcurrent) {
        super(maxConcurrent + " dataset upload(s) are being imported, the most this node takes at once"
                + " (convnet.datasets.upload.max-concurrent); retry in a few seconds");
    }
}
