package dev.convnet.storage;

import java.io.IOException;

/** An object whose bytes do not have the SHA-256 recorded when it was written: never served. */
public class ArtifactIntegrityException extends IOException {

    public ArtifactIntegrityException(String key, String expected, String actual) {
        super("object " + key + " fails its checksum (expected SHA-256 " + expected + ", found " + actual
                + "); it was changed or damaged after it was written");
    }
}
