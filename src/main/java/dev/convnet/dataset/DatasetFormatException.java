package dev.convnet.dataset;

import java.io.IOException;

/** A dataset file whose content does not match its format: wrong magic, bad dimensions, truncated, bad label. */
public class DatasetFormatException extends IOException {

    private final String file;
    private final String reason;

    public DatasetFormatException(String file, String reason) {
        this(file, reason, null);
    }

    public DatasetFormatException(String file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The file (or stream name) at fault. */
    public String file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
