package dev.convnet.store;

import java.nio.file.Path;

/** A model file whose bytes no longer match the checksum recorded when it was written. */
public class CorruptModelFileException extends RuntimeException {

    public CorruptModelFileException(Path path, String expected, String actual) {
        super("model file " + path.getFileName() + " fails its checksum (expected SHA-256 " + expected + ", found "
                + actual + "); it was changed or damaged after it was written");
    }
}
