package dev.convnet.storage;

import dev.convnet.common.Sha256;
import dev.convnet.support.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same cases against both implementations: the data directory, and a real S3 server ({@link S3TestServer}:
 * MinIO or s3proxy) read through a node's cache.
 */
class ArtifactStorageContractTest {

    @TempDir
    Path temp;

    private Fixture fixture;

    /** One implementation under test, with what only the test may do to it. */
    interface Fixture extends AutoCloseable {
        ArtifactStorage storage();

        /** Replaces the object's bytes behind the service's back, and drops any local copy. */
        void tamper(String key, byte[] content) throws IOException;

        /** A later time as the storage sees it. */
        void advanceClock(Duration duration);

        /** What a sweep keeps of an unnamed object written just now. */
        boolean keepsRecentOrphans();

        @Override
        default void close() {
        }
    }

    static Stream<String> implementations() {
        return Stream.of("local", "s3");
    }

    private ArtifactStorage storage(String implementation) throws IOException {
        fixture = implementation.equals("local") ? new LocalFixture(temp.resolve("data")) : new S3Fixture(temp.resolve("cache"));
        return fixture.storage();
    }

    @AfterEach
    void close() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void anObjectIsNamedByItsSha256AndReadBackUnchanged(String implementation) throws IOException {
        ArtifactStorage storage = storage(implementation);
        byte[] content = "the weights of a model".getBytes(StandardCharsets.UTF_8);

        StoredObject stored = storage.write("models/m1", ".zip", out -> out.write(content));

        assertThat(stored.sha256()).isEqualTo(Sha256.hex(content));
        assertThat(stored.key()).isEqualTo("models/m1/" + Sha256.hex(content) + ".zip");
        assertThat(stored.fileName()).isEqualTo(Sha256.hex(content) + ".zip");
        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.created()).isTrue();
        assertThat(Files.readAllBytes(storage.read(stored.key(), stored.sha256()))).isEqualTo(content);
        assertThat(storage.write("models/m1", ".zip", out -> out.write(content)))
                .as("the same content again").isEqualTo(new StoredObject(stored.key(), stored.sha256(), stored.size(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void aMissingObjectIsAnErrorNamingIt(String implementation) throws IOException {
        ArtifactStorage storage = storage(implementation);

        assertThatThrownBy(() -> storage.read("models/m2/" + "0".repeat(64) + ".zip", "0".repeat(64)))
                .isInstanceOf(ArtifactMissingException.class)
                .hasMessageContaining("models/m2/" + "0".repeat(64) + ".zip");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void changedContentIsRefusedNeverServed(String implementation) throws IOException {
        ArtifactStorage storage = storage(implementation);
        StoredObject stored = storage.write("checkpoints/j1", ".zip", out -> out.write(new byte[]{1, 2, 3}));

        fixture.tamper(stored.key(), new byte[]{1, 2, 4});

        assertThatThrownBy(() -> storage.read(stored.key(), stored.sha256()))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(stored.key())
                .hasMessageContaining("expected SHA-256 " + stored.sha256())
                .hasMessageContaining(Sha256.hex(new byte[]{1, 2, 4}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void listsAndDeletesByDirectory(String implementation) throws IOException {
        ArtifactStorage storage = storage(implementation);
        StoredObject a = storage.write("models/a", ".zip", out -> out.write(new byte[10]));
        StoredObject b = storage.write("models/b", ".zip", out -> out.write(new byte[20]));
        StoredObject c = storage.write("checkpoints/c", ".zip", out -> out.write(new byte[30]));

        assertThat(storage.list("models")).extracting(ListedObject::key, ListedObject::size)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(a.key(), 10L),
                        org.assertj.core.groups.Tuple.tuple(b.key(), 20L));

        storage.deleteAll("models/a");
        storage.delete(c.key());

        assertThat(storage.list("models")).extracting(ListedObject::key).containsExactly(b.key());
        assertThat(storage.list("checkpoints")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void theSweepDeletesWhatNoRowNamesOnceItIsOldEnoughToJudge(String implementation) throws IOException {
        ArtifactStorage storage = storage(implementation);
        StoredObject named = storage.write("models/n", ".zip", out -> out.write(new byte[]{1}));
        StoredObject orphan = storage.write("models/o", ".zip", out -> out.write(new byte[]{2}));

        List<String> deletedAtOnce = storage.deleteUnnamed("models", Set.of(named.key()));
        fixture.advanceClock(Duration.ofHours(2));
        List<String> deletedLater = storage.deleteUnnamed("models", Set.of(named.key()));

        if (fixture.keepsRecentOrphans()) {
            assertThat(deletedAtOnce).as("another node may be about to commit its row").isEmpty();
            assertThat(deletedLater).containsExactly(orphan.key());
        } else {
            assertThat(deletedAtOnce).containsExactly(orphan.key());
        }
        assertThat(storage.list("models")).extracting(ListedObject::key).containsExactly(named.key());
        assertThat(Files.readAllBytes(storage.read(named.key(), named.sha256()))).containsExactly(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void theProbeSucceedsOnAWorkingStorage(String implementation) throws IOException {
        ArtifactStorage storage = storage(implementation);

        storage.probe();

        assertThat(storage.location()).isNotBlank();
    }

    private static final class LocalFixture implements Fixture {

        private final Path root;
        private final LocalArtifactStorage storage;

        LocalFixture(Path root) {
            this.root = root;
            this.storage = new LocalArtifactStorage(root);
        }

        @Override
        public ArtifactStorage storage() {
            return storage;
        }

        @Override
        public void tamper(String key, byte[] content) throws IOException {
            Files.write(root.resolve(key), content);
        }

        @Override
        public void advanceClock(Duration duration) {
        }

        @Override
        public boolean keepsRecentOrphans() {
            return false;
        }
    }

    private static final class S3Fixture implements Fixture {

        private final S3TestServer.Bucket bucket = S3TestServer.newBucket();
        private final S3Client client = bucket.client();
        private final Path cacheDir;
        private final MutableClock clock = new MutableClock();
        private final S3ArtifactStorage storage;

        S3Fixture(Path cacheDir) {
            this.cacheDir = cacheDir;
            StorageProperties.S3 settings = new StorageProperties.S3(bucket.endpoint(), bucket.bucket(), "us-east-1", true,
                    bucket.accessKey(), bucket.secretKey(), "node-tests/");
            this.storage = new S3ArtifactStorage(S3Clients.create(settings), bucket.bucket(), settings.prefix(),
                    new ArtifactCache(cacheDir, 1 << 20), clock);
        }

        @Override
        public ArtifactStorage storage() {
            return storage;
        }

        @Override
        public void tamper(String key, byte[] content) throws IOException {
            client.putObject(put -> put.bucket(bucket.bucket()).key("node-tests/" + key), RequestBody.fromBytes(content));
            try (Stream<Path> copies = Files.list(cacheDir)) {
                for (Path copy : copies.toList()) {
                    Files.delete(copy);
                }
            }
        }

        @Override
        public void advanceClock(Duration duration) {
            clock.now = clock.now.plus(duration);
        }

        @Override
        public boolean keepsRecentOrphans() {
            return true;
        }

        @Override
        public void close() {
            storage.close();
            client.close();
        }
    }

    private static final class MutableClock extends Clock {

        Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
