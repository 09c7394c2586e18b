package dev.convnet.security;

import dev.convnet.common.ConvnetProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys the service accepts, as hashes: those in configuration, plus those in the key files, which are
 * re-read when they change (rotation without a restart). With neither configured, a first start generates
 * {@code <data-dir>/api-keys}.
 */
class ApiKeyStore {

    static final String GENERATED_FILE_NAME = "api-keys";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyStore.class);

    private final List<ApiKey> configured;
    private final KeyFiles files;
    private final long refreshNanos;

    private volatile List<ApiKey> keys;
    private volatile String filesFingerprint;
    private volatile long checkedAt;

    ApiKeyStore(SecuritySettings settings, ConvnetProperties convnet) {
        this.configured = settings.apiKeys().stream().map(ApiKeyStore::configuredKey).toList();
        this.refreshNanos = settings.keysRefresh().toNanos();
        if (settings.apiKeysDir() != null) {
            this.files = KeyFiles.directory(settings.apiKeysDir());
            log.info("API keys: {} from configuration, the others read from the files in {}", configured.size(),
                    settings.apiKeysDir().toAbsolutePath());
        } else if (configured.isEmpty()) {
            Path file = convnet.dataDir().resolve(GENERATED_FILE_NAME).toAbsolutePath();
            generateIfMissing(file);
            this.files = KeyFiles.single(file);
        } else {
            this.files = KeyFiles.none();
            log.info("API keys: {} from configuration", configured.size());
        }
        reload(files.fingerprint());
        if (keys.isEmpty()) {
            log.warn("No API key is configured: every call but health and info is refused until one is added");
        }
    }

    /** The key whose secret this is, comparing hashes in constant time. */
    Optional<ApiKey> find(String secret) {
        refreshIfDue();
        byte[] presented = ApiKey.digest(secret);
        ApiKey found = null;
        for (ApiKey key : keys) {
            // every key compared, so that the time taken does not tell which one matched
            if (key.matches(presented) && found == null) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    private void refreshIfDue() {
        long now = System.nanoTime();
        if (now - checkedAt < refreshNanos) {
            return;
        }
        checkedAt = now;
        String fingerprint = files.fingerprint();
        if (!fingerprint.equals(filesFingerprint)) {
            try {
                reload(fingerprint);
                log.info("API key files changed: {} keys now", keys.size());
            } catch (RuntimeException e) {
                // a half-edited file must not lock every caller out: keep the keys that worked
                log.warn("API key files not re-read, the previous keys stay in force: {}", e.getMessage());
                filesFingerprint = fingerprint;
            }
        }
    }

    private synchronized void reload(String fingerprint) {
        List<ApiKey> all = new ArrayList<>(configured);
        all.addAll(files.read());
        keys = List.copyOf(all);
        filesFingerprint = fingerprint;
        checkedAt = System.nanoTime();
    }

    private static ApiKey configuredKey(SecuritySettings.ConfiguredKey key) {
        String id = key.id() == null || key.id().isBlank() ? null : key.id().trim();
        if (id == null) {
            throw new IllegalArgumentException("convnet.security.api-keys: every key needs an id");
        }
        if (key.keySha256() == null) {
            throw new IllegalArgumentException("convnet.security.api-keys: key '" + id + "' needs key-sha256");
        }
        if (key.scopes() == null || key.scopes().isEmpty()) {
            throw new IllegalArgumentException("convnet.security.api-keys: key '" + id + "' needs scopes");
        }
        return new ApiKey(id, key.scopes().stream().map(Scope::parse).collect(Collectors.toSet()),
                ApiKey.parseHex(id, key.keySha256()));
    }

    private static void generateIfMissing(Path file) {
        try {
            if (Files.exists(file)) {
                log.info("API keys: read from {}", file);
                return;
            }
            GeneratedApiKeys.write(file);
            log.warn("API keys generated into {} (readable by this user only): send the admin key as "
                    + "'Authorization: Bearer <key>'", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the API key file " + file, e);
        }
    }

    /** The files keys are read from, and a fingerprint of their names, sizes and times that changes with them. */
    private record KeyFiles(Path dir, Path file) {

        static KeyFiles directory(Path dir) {
            return new KeyFiles(dir, null);
        }

        static KeyFiles single(Path file) {
            return new KeyFiles(null, file);
        }

        static KeyFiles none() {
            return new KeyFiles(null, null);
        }

        List<Path> paths() {
            if (file != null) {
                return Files.isRegularFile(file) ? List.of(file) : List.of();
            }
            if (dir == null || !Files.isDirectory(dir)) {
                return List.of();
            }
            // a mounted Secret also holds ..data and timestamped directories: only the visible files are keys
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.filter(path -> !path.getFileName().toString().startsWith("."))
                        .filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the API key directory " + dir, e);
            }
        }

        String fingerprint() {
            StringBuilder fingerprint = new StringBuilder();
            for (Path path : paths()) {
                try {
                    fingerprint.append(path).append(':').append(Files.size(path)).append(':')
                            .append(Files.getLastModifiedTime(path).toMillis()).append(';');
                } catch (IOException e) {
                    fingerprint.append(path).append(":gone;");
                }
            }
            return fingerprint.toString();
        }

        List<ApiKey> read() {
            List<ApiKey> keys = new ArrayList<>();
            for (Path path : paths()) {
                try {
                    keys.addAll(ApiKeyFile.parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the API key file " + path, e);
                }
            }
            return keys;
        }
    }
}
