package dev.convnet.security;

import dev.convnet.common.ConvnetProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyStoreTest {

    @TempDir
    Path dataDir;

    private ApiKeyStore store(List<SecuritySettings.ConfiguredKey> configured, Path keysDir) {
        SecuritySettings settings = new SecuritySettings(true, configured, keysDir, Duration.ZERO, true, "",
                new SecuritySettings.Cors(List.of()));
        return new ApiKeyStore(settings, new ConvnetProperties(dataDir, new ConvnetProperties.Api(null)));
    }

    @Test
    void aFirstStartWithoutKeysWritesOneKeyPerScopeReadableByItsOwnerOnly() throws IOException {
        ApiKeyStore store = store(List.of(), null);

        Path file = dataDir.resolve("api-keys");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        List<String[]> lines = Files.readAllLines(file).stream().filter(line -> !line.startsWith("#"))
                .map(line -> line.split(" ")).toList();
        assertThat(lines).extracting(fields -> fields[0]).containsExactly("admin", "manage", "train", "predict");
        for (String[] fields : lines) {
            assertThat(fields[2]).startsWith("cnv_").doesNotContain(".").hasSizeGreaterThan(40);
            assertThat(store.find(fields[2])).get().extracting(ApiKey::id).isEqualTo(fields[0]);
            assertThat(store.find(fields[2]).get().scopes()).containsExactly(Scope.parse(fields[1]));
        }
        assertThat(store.find("cnv_guess")).isEmpty();
        assertThat(Files.list(dataDir).map(path -> path.getFileName().toString())).containsExactly("api-keys");
    }

    @Test
    void aSecondStartKeepsTheGeneratedKeys() throws IOException {
        store(List.of(), null);
        String first = Files.readString(dataDir.resolve("api-keys"));

        store(List.of(), null);

        assertThat(Files.readString(dataDir.resolve("api-keys"))).isEqualTo(first);
    }

    @Test
    void configuredKeysAreHashesAndNoFileIsWritten() {
        String hash = HexFormat.of().formatHex(ApiKey.digest("s3cret-key"));
        ApiKeyStore store = store(List.of(new SecuritySettings.ConfiguredKey("ci", hash, List.of("train", "predict"))), null);

        assertThat(store.find("s3cret-key")).get().extracting(ApiKey::id, ApiKey::scopes)
                .containsExactly("ci", Set.of(Scope.TRAIN, Scope.PREDICT));
        assertThat(store.find(hash)).as("the hash itself is no key").isEmpty();
        assertThat(dataDir.resolve("api-keys")).doesNotExist();
    }

    @Test
    void aConfiguredKeyWithoutAValidHashOrScopeStopsTheStartNamingIt() {
        assertThatThrownBy(() -> store(List.of(new SecuritySettings.ConfiguredKey("ci", "abc", List.of("predict"))), null))
                .hasMessageContaining("'ci'").hasMessageContaining("key-sha256");
        String hash = HexFormat.of().formatHex(ApiKey.digest("k"));
        assertThatThrownBy(() -> store(List.of(new SecuritySettings.ConfiguredKey("ci", hash, List.of("root"))), null))
                .hasMessageContaining("unknown scope 'root'");
    }

    @Test
    void keysInADirectoryAreRotatedWithoutARestart() throws IOException {
        Path secret = Files.createDirectories(dataDir.resolve("secret"));
        Files.writeString(secret.resolve("keys"), "ops admin old-key\n");
        Files.writeString(secret.resolve("..data"), "not a key file: a Secret mount's own entry");
        ApiKeyStore store = store(List.of(), secret);
        assertThat(store.find("old-key")).get().extracting(ApiKey::id).isEqualTo("ops");

        Files.writeString(secret.resolve("keys"), "ops admin new-key\nbot predict sha256:"
                + HexFormat.of().formatHex(ApiKey.digest("bot-key")) + "\n");
        Files.setLastModifiedTime(secret.resolve("keys"), FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(store.find("old-key")).isEmpty();
        assertThat(store.find("new-key")).isPresent();
        assertThat(store.find("bot-key")).get().extracting(ApiKey::scopes).isEqualTo(Set.of(Scope.PREDICT));
        assertThat(dataDir.resolve("api-keys")).as("no key generated beside a key directory").doesNotExist();
    }

    @Test
    void theGeneratedFileIsReReadWhenEditedAndABrokenEditKeepsTheKeysInForce() throws IOException {
        ApiKeyStore store = store(List.of(), null);
        Path file = dataDir.resolve("api-keys");
        Files.writeString(file, "admin admin rotated-admin-key\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(store.find("rotated-admin-key")).isPresent();

        Files.writeString(file, "admin admin\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));

        assertThat(store.find("rotated-admin-key")).as("still in force after a broken edit").isPresent();
    }

    @Test
    void adminImpliesEveryScope() {
        assertThat(Scope.expand(Set.of(Scope.ADMIN))).containsExactlyInAnyOrder(Scope.values());
        assertThat(Scope.expand(Set.of(Scope.TRAIN))).containsExactly(Scope.TRAIN);
    }
}
