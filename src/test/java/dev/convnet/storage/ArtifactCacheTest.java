package dev.convnet.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactCacheTest {

    @TempDir
    Path dir;

    private Path admit(ArtifactCache cache, String sha256, int size) throws IOException {
        Path partial = cache.newPartialFile();
        Files.write(partial, new byte[size]);
        return cache.admit(partial, sha256);
    }

    @Test
    void beyondItsBoundTheLeastRecentlyUsedCopiesGo() throws IOException {
        ArtifactCache cache = new ArtifactCache(dir, 300);
        admit(cache, "a", 100);
        admit(cache, "b", 100);
        admit(cache, "c", 100);
        cache.find("a"); // b is now the least recently used

        admit(cache, "d", 100);

        assertThat(cache.find("b")).isEmpty();
        assertThat(cache.find("a")).isPresent();
        assertThat(cache.find("c")).isPresent();
        assertThat(cache.find("d")).isPresent();
        assertThat(cache.totalBytes()).isEqualTo(300);
    }

    @Test
    void aCopyLargerThanTheBoundIsKeptForItsReaderAndEverythingElseGoes() throws IOException {
        ArtifactCache cache = new ArtifactCache(dir, 150);
        admit(cache, "a", 100);

        Path big = admit(cache, "big", 400);

        assertThat(big).exists();
        assertThat(cache.find("a")).isEmpty();
    }

    @Test
    void copiesLeftByAnEarlierRunCountOldestFirstAndUnfinishedDownloadsAreDeleted() throws IOException {
        Files.write(dir.resolve("old"), new byte[100]);
        Files.setLastModifiedTime(dir.resolve("old"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.write(dir.resolve("new"), new byte[100]);
        Path partial = Files.write(dir.resolve(AtomicFiles.PARTIAL_PREFIX + "1.tmp"), new byte[10]);

        ArtifactCache cache = new ArtifactCache(dir, 150);

        assertThat(partial).doesNotExist();
        assertThat(cache.find("old")).isEmpty();
        assertThat(cache.find("new")).isPresent();
        assertThat(cache.totalBytes()).isEqualTo(100);
    }

    @Test
    void aCopyDeletedFromOutsideIsNotFoundAndNoLongerCounted() throws IOException {
        ArtifactCache cache = new ArtifactCache(dir, 1000);
        Files.delete(admit(cache, "a", 100));

        assertThat(cache.find("a")).isEmpty();
        assertThat(cache.totalBytes()).isZero();
    }
}
