package dev.convnet.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * How a change to a model on one node reaches the copies other nodes hold in memory.
 *
 * @param versionCheckInterval how often each node reads the change table: the bound on propagation when no
 *                             notification arrives (H2, or PostgreSQL with notifications off or down)
 * @param retention            how long change rows are kept; longer than any node takes to read them
 * @param notifications        ({@code convnet.cluster.notify.*}) PostgreSQL LISTEN/NOTIFY, which wakes the reader at once
 */
@ConfigurationProperties("convnet.cluster")
public record ClusterProperties(@DefaultValue("1s") Duration versionCheckInterval,
                                @DefaultValue("1h") Duration retention,
                                @Name("notify") @DefaultValue Notify notifications) {

    public ClusterProperties {
        if (versionCheckInterval == null || versionCheckInterval.toMillis() < 10) {
            throw new IllegalArgumentException("convnet.cluster.version-check-interval must be at least 10ms, was "
                    + versionCheckInterval);
        }
        if (retention == null || retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("convnet.cluster.retention must be at least 1m, was " + retention);
        }
    }

    /**
     * @param enabled        listen for notifications on PostgreSQL (ignored on other databases)
     * @param reconnectDelay wait before the listening connection is opened again after it failed
     */
    public record Notify(@DefaultValue("true") boolean enabled, @DefaultValue("2s") Duration reconnectDelay) {
    }
}
