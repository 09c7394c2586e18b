package dev.convnet.storage;

import java.io.IOException;

/** A key that a row names has no object behind it. */
public class ArtifactMissingException extends IOException {

    public ArtifactMissingException(String key, String location) {
        super("object " + key + " is missing from " + location);
    }
}
