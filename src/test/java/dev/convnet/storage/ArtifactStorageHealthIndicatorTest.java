package dev.convnet.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactStorageHealthIndicatorTest {

    @TempDir
    Path dir;

    @Test
    void aWritableDirectoryIsUpWithItsLocation() {
        Health health = new ArtifactStorageHealthIndicator(ArtifactStorage.inDirectory(dir)).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("location", dir.toAbsolutePath().normalize().toString());
        try (var left = Files.list(dir)) {
            assertThat(left).as("the probe's file is gone").isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsDownSayingWhy() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("data"), "a file where the data directory should be");

        Health health = new ArtifactStorageHealthIndicator(ArtifactStorage.inDirectory(notADirectory)).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error")).asString().contains("data");
    }
}
