package dev.convnet.dataset;

/**
 * A known dataset that cannot be used on this node now: its files are absent and cannot be downloaded, a
 * download failed verification, or a file on disk is corrupt. Maps to HTTP 409 Conflict: the request is fine,
 * the node's state is not; the message says which files to put where.
 */
public class DatasetUnavailableException extends RuntimeException {

    public enum Reason {
        /** Files absent and downloads disabled. */
        ABSENT,
        /** A download could not be fetched, or was truncated or corrupt; it was deleted. */
        DOWNLOAD_FAILED,
        /** A file in the data directory does not match its checksum or format. */
        CORRUPT
    }

    private final String dataset;
    private final Reason reason;

    public DatasetUnavailableException(String dataset, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.dataset = dataset;
        this.reason = reason;
    }

    public String dataset() {
        return dataset;
    }

    public Reason reason() {
        return reason;
    }
}
