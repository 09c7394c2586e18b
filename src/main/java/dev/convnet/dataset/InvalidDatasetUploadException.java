package dev.convnet.dataset;

/**
 * The upload is malformed or hostile: not a zip, entries escaping the folder, absolute paths, links, files that
 * are not images in a format predictions accept, a wrong folder layout, one class only, mixed image sizes without
 * a target size, or an invalid option. Maps to HTTP 400.
 */
public final class InvalidDatasetUploadException extends DatasetUploadRejectedException {

    public InvalidDatasetUploadException(String field, String entry, String reason) {
        this(field, entry, reason, null);
    }

    public InvalidDatasetUploadException(String field, String entry, String reason, Throwable cause) {
        super(field, entry, reason, cause);
    }
}
