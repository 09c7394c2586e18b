package dev.convnet.dataset;

/**
 * A download that could not be fetched or failed verification; whatever was written has been deleted. The
 * locator reports it as {@link DatasetUnavailableException} with reason DOWNLOAD_FAILED.
 */
public class DatasetDownloadException extends Exception {

    public DatasetDownloadException(String url, String message) {
        this(url, message, null);
    }

    public DatasetDownloadException(String url, String message, Throwable cause) {
        super(displayed(java.net.URI.create(url)) + ": " + message, cause);
    }

    /** The URL as a client may see it: a {@code file:} mirror is named by its file only, not where it lies. */
    static String displayed(java.net.URI url) {
        if (!"file".equalsIgnoreCase(url.getScheme())) {
            return url.toString();
        }
        String path = url.getPath() == null ? "" : url.getPath();
        return "file:.../" + path.substring(path.lastIndexOf('/') + 1);
    }
}
