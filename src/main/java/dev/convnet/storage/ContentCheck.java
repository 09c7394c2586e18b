package dev.convnet.storage;

import dev.convnet.common.Sha256;
import java.io.IOException;
import java.nio.file.Path;

/** Checks a file against the SHA-256 recorded for its object. */
final class ContentCheck {

    private ContentCheck() {
    }

    static void verify(String key, Path file, String expectedSha256) throws IOException {
        if (expectedSha256 == null) {
            return;
        }
        String actual = Sha256.hexOfFile(file);
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new ArtifactIntegrityException(key, expectedSha256, actual);
        }
    }
}
