package dev.convnet.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service.
 *
 * @param enabled          false turns every check off (a laptop demo only; logged as a warning)
 * @param apiKeys          keys from configuration, each stored as the SHA-256 of the secret
 * @param apiKeysDir       a directory of key files (a mounted Kubernetes Secret), re-read when it changes
 * @param keysRefresh      how often key files are checked for changes
 * @param prometheusOpen   false puts {@code /actuator/prometheus} behind {@code admin}
 * @param jwtScopeClaim    the JWT claim holding scopes; empty: {@code scope}, then {@code scp}
 * @param cors             cross-origin access
 */
@ConfigurationProperties("convnet.security")
public record SecuritySettings(@DefaultValue("true") boolean enabled,
                               @DefaultValue List<ConfiguredKey> apiKeys,
                               Path apiKeysDir,
                               @DefaultValue("5s") Duration keysRefresh,
                               @DefaultValue("true") boolean prometheusOpen,
                               @DefaultValue("") String jwtScopeClaim,
                               @DefaultValue Cors cors) {

    /**
     * @param id        the caller's name (in logs, audit and rate limits); never secret
     * @param keySha256 hex SHA-256 of the key
     * @param scopes    what the key may do
     */
    public record ConfiguredKey(String id, String keySha256, List<String> scopes) {
    }

    /** @param allowedOrigins origins whose pages may call the service; none: no cross-origin call is allowed */
    public record Cors(@DefaultValue List<String> allowedOrigins) {
    }
}
