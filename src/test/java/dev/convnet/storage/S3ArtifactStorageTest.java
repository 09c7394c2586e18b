package dev.convnet.storage;

import dev.convnet.support.S3TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What only the shared bucket does: nodes read each other's objects through their own bounded caches. */
class S3ArtifactStorageTest {

    @TempDir
    Path temp;

    private final S3TestServer.Bucket bucket = S3TestServer.newBucket();
    private final java.util.List<S3ArtifactStorage> opened = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(S3ArtifactStorage::close);
    }

    private S3ArtifactStorage node(String name, long cacheBytes, String bucketName) {
        StorageProperties.S3 settings = new StorageProperties.S3(bucket.endpoint(), bucketName, "us-east-1", true,
                bucket.accessKey(), bucket.secretKey(), "");
        S3ArtifactStorage storage = new S3ArtifactStorage(S3Clients.create(settings), bucketName, "",
                new ArtifactCache(temp.resolve(name), cacheBytes), Clock.systemUTC());
        opened.add(storage);
        return storage;
    }

    @Test
    void anObjectWrittenOnOneNodeIsReadOnAnotherIntoItsCache() throws IOException {
        S3ArtifactStorage a = node("a", 1 << 20, bucket.bucket());
        S3ArtifactStorage b = node("b", 1 << 20, bucket.bucket());
        StoredObject stored = a.write("models/x", ".zip", out -> out.write(new byte[]{7, 7, 7}));

        Path copy = b.read(stored.key(), stored.sha256());

        assertThat(copy).startsWith(temp.resolve("b")).hasBinaryContent(new byte[]{7, 7, 7});
        assertThat(copy.getFileName().toString()).isEqualTo(stored.sha256());
    }

    @Test
    void aClearedCacheIsFilledAgainFromTheBucket() throws IOException {
        S3ArtifactStorage node = node("n", 1 << 20, bucket.bucket());
        StoredObject stored = node.write("models/y", ".zip", out -> out.write(new byte[]{1, 2}));
        deleteFiles(temp.resolve("n"));

        assertThat(node.read(stored.key(), stored.sha256())).hasBinaryContent(new byte[]{1, 2});
        assertThat(temp.resolve("n").resolve(stored.sha256())).exists();
    }

    @Test
    void theCacheStaysWithinItsBoundDroppingTheLeastRecentlyUsed() throws IOException {
        S3ArtifactStorage node = node("small", 2_500, bucket.bucket());
        StoredObject first = node.write("models/1", ".zip", out -> out.write(new byte[1000]));
        StoredObject second = node.write("models/2", ".zip", out -> out.write(filled(1000, 2)));
        node.read(first.key(), first.sha256()); // now the second is the least recently used
        StoredObject third = node.write("models/3", ".zip", out -> out.write(filled(1000, 3)));

        assertThat(Files.exists(temp.resolve("small").resolve(second.sha256()))).isFalse();
        assertThat(temp.resolve("small").resolve(first.sha256())).exists();
        assertThat(temp.resolve("small").resolve(third.sha256())).exists();
        assertThat(node.read(second.key(), second.sha256())).hasBinaryContent(filled(1000, 2));
    }

    @Test
    void theProbeFailsNamingAMissingBucket() {
        S3ArtifactStorage node = node("p", 1 << 20, bucket.bucket() + "-missing");

        assertThatThrownBy(node::probe).isInstanceOf(IOException.class).hasMessageContaining(bucket.bucket() + "-missing");
    }

    private static byte[] filled(int size, int value) {
        byte[] content = new byte[size];
        java.util.Arrays.fill(content, (byte) value);
        return content;
    }

    private static void deleteFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }
}
