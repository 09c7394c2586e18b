package dev.convnet.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, LISTENs on the change channel over a connection of its own (outside the pool, which it would hold
 * for good) and wakes the {@link ModelChangeFeed} on each notification. A lost connection is opened again after
 * {@code convnet.cluster.notify.reconnect-delay}; meanwhile the feed's periodic check still bounds propagation.
 */
@Component
class PostgresChangeNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresChangeNotifications.class);
    private static final int WAIT_MILLIS = 500;

    private final ModelChangeFeed feed;
    private final DataSourceProperties database;
    private final ClusterProperties properties;
    private final boolean active;
    private volatile boolean running;
    private volatile boolean listening;
    private final AtomicInteger sessions = new AtomicInteger();
    private Thread listener;

    PostgresChangeNotifications(ModelChangeFeed feed, ModelChangeLog changes, DataSourceProperties database,
                                ClusterProperties properties) {
        this.feed = feed;
        this.database = database;
        this.properties = properties;
        this.active = changes.postgres() && properties.notifications().enabled();
    }

    /** True while a LISTEN connection is open. */
    boolean listening() {
        return listening;
    }

    /** LISTEN connections opened so far: more than one after a connection was lost. */
    int sessions() {
        return sessions.get();
    }

    @Override
    public synchronized void start() {
        running = true;
        if (active) {
            listener = new Thread(this::listenUntilStopped, "model-change-listener");
            listener.setDaemon(true);
            listener.start();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (listener != null) {
            try {
                listener.join(WAIT_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listenUntilStopped() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(database.determineUrl(),
                    database.determineUsername(), database.determinePassword())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + ModelChangeLog.CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                listening = true;
                sessions.incrementAndGet();
                feed.wake(); // what was committed while no connection listened
                while (running) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        feed.wake();
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (running) {
                    log.warn("Listening for model changes failed ({}); again in {}", e.getMessage(),
                            properties.notifications().reconnectDelay());
                    pause();
                }
            } finally {
                listening = false;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(properties.notifications().reconnectDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
