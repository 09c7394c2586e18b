package dev.convnet.dataset;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Describes a file error for a client without naming where the data directory lies: a file-system exception's
 * message is an absolute path, so only its kind and the file's own name are kept.
 */
final class FileErrors {

    private FileErrors() {
    }

    static String describe(Exception e) {
        if (e instanceof DatasetFormatException format) {
            return format.getMessage();
        }
        if (e instanceof FileSystemException fileSystem) {
            String file = fileSystem.getFile() == null ? null : Path.of(fileSystem.getFile()).getFileName().toString();
            String reason = fileSystem.getReason() == null ? "" : " (" + fileSystem.getReason() + ")";
            return e.getClass().getSimpleName() + (file == null ? "" : " on " + file) + reason;
        }
        return e.getClass().getSimpleName();
    }
}
