package dev.convnet.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The key file format: one key a line, {@code <id> <scope>[,<scope>...] <secret>}, where the secret may be given as
 * {@code sha256:<hex>} to keep only its hash on disk; blank lines and lines starting with {@code #} are ignored.
 */
final class ApiKeyFile {

    static final String HASH_PREFIX = "sha256:";

    private ApiKeyFile() {
    }

    /** @throws IllegalArgumentException naming the source and line at fault (never echoing a secret) */
    static List<ApiKey> parse(String source, String content) {
        List<ApiKey> keys = new ArrayList<>();
        String[] lines = content.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new IllegalArgumentException(source + " line " + (i + 1)
                        + ": expected '<id> <scopes> <key>', got " + fields.length + " fields");
            }
            try {
                Set<Scope> scopes = Arrays.stream(fields[1].split(",")).map(Scope::parse).collect(Collectors.toSet());
                byte[] hash = fields[2].startsWith(HASH_PREFIX)
                        ? ApiKey.parseHex(fields[0], fields[2].substring(HASH_PREFIX.length()))
                        : ApiKey.digest(fields[2]);
                keys.add(new ApiKey(fields[0], scopes, hash));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    static String line(String id, Set<Scope> scopes, String secret) {
        return id + " " + scopes.stream().map(Scope::scopeName).sorted().collect(Collectors.joining(",")) + " " + secret;
    }
}
