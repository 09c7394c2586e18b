package dev.convnet.store;

import dev.convnet.common.ConvnetProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/** Writes an upload to a temporary file under {@code <data-dir>/tmp}, for readers that take only a path. */
@Component
class UploadStaging {

    private final Path tempDir;

    UploadStaging(ConvnetProperties properties) {
        this.tempDir = properties.dataDir().resolve("tmp");
    }

    /** A new file holding {@code content}; the caller deletes it. */
    Path stage(byte[] content, String suffix) {
        try {
            Files.createDirectories(tempDir);
            Path file = Files.createTempFile(tempDir, "import-", suffix);
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the uploaded model file", e);
        }
    }
}
