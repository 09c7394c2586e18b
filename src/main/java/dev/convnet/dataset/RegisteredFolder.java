package dev.convnet.dataset;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A folder dataset registered over HTTP.
 *
 * @param path the folder as resolved when it was registered: absolute, without symbolic links
 */
record RegisteredFolder(String name, Path path, int height, int width, int channels, Instant createdAt) {

    ImageShape shape() {
        return new ImageShape(height, width, channels);
    }
}
