package dev.convnet.common;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FilesQuietlyTest {

    @Test
    void deleteTreeRemovesNestedFilesAndTheRoot(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("a/b/c"));
        Files.writeString(root.resolve("f"), "x");
        Files.writeString(dir.resolve("a/g"), "y");

        FilesQuietly.deleteTree(dir.resolve("a"));

        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir).exists();
    }

    @Test
    void aNonEmptyDirectoryIsLeftWithoutAnException(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("f"), "x");

        FilesQuietly.delete(dir);
        FilesQuietly.delete(null);
        FilesQuietly.deleteTree(dir.resolve("absent"));

        assertThat(dir.resolve("f")).exists();
    }
}
