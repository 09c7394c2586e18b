package dev.convnet.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The keys a first start writes when none are configured: one a scope, readable only by the service's user. */
final class GeneratedApiKeys {

    /** Never contains a dot, so a key is never taken for a JWT. */
    static final String KEY_PREFIX = "cnv_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedApiKeys() {
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Writes the file atomically (a temporary file moved over it), created with mode 0600 where POSIX. */
    static void write(Path file) throws IOException {
        Map<String, Set<Scope>> keys = new LinkedHashMap<>();
        keys.put("admin", EnumSet.of(Scope.ADMIN));
        keys.put("manage", EnumSet.of(Scope.MANAGE));
        keys.put("train", EnumSet.of(Scope.TRAIN));
        keys.put("predict", EnumSet.of(Scope.PREDICT));
        StringBuilder content = new StringBuilder("""
                # Convnet Service API keys: <id> <scopes> <key>. Send one as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.
                # admin may do everything; manage creates, changes and deletes models; train submits training jobs and
                # datasets; predict reads and predicts. Edit this file to rotate keys: the service re-reads it.
                """);
        keys.forEach((id, scopes) -> content.append(ApiKeyFile.line(id, scopes, newSecret())).append('\n'));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".api-keys-", ".tmp", ownerOnly());
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}
