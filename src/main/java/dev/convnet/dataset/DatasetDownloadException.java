package dev.convnet.dataset;

/**
 * A download that could not be fetched or failed verification; whatever was written has been deleted. The
 * locator reports it as {@link DatasetUnavailableException} with reason DOWNLOAD_FAILED.
 */
public class DatasetDownloadException extends Exception {

    private final String url;

    public DatasetDownloadException(String url, String message) {
        this(url, message, null);
    }

    public DatasetDownloadException(String url, String message, Throwable cause) {
        super(url + ": " + message, cause);
        this.url = url;
    }

    public String url() {
        return url;
    }
}
