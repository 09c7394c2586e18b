package dev.convnet.dataset;

/**
 * An uploaded dataset archive was refused; nothing of it was kept. {@link #field()} names the request field at
 * fault ({@code file} for the archive's content, else the option), {@link #entry()} the archive entry if one
 * is to blame.
 */
public abstract sealed class DatasetUploadRejectedException extends RuntimeException
        permits InvalidDatasetUploadException, DatasetUploadTooLargeException {

    private final String field;
    private final String entry;
    private final String reason;

    protected DatasetUploadRejectedException(String field, String entry, String reason, Throwable cause) {
        super(field + (entry == null ? "" : " (entry '" + entry + "')") + ": " + reason, cause);
        this.field = field;
        this.entry = entry;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    /** The archive entry at fault, or null. */
    public String entry() {
        return entry;
    }

    public String reason() {
        return reason;
    }
}
