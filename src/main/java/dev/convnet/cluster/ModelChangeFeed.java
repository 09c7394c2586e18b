package dev.convnet.cluster;

import dev.convnet.models.ModelDeleted;
import dev.convnet.store.ModelWeightsChanged;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the change table every {@code convnet.cluster.version-check-interval}, or at once when woken by a
 * notification, and publishes other nodes' changes on this node as the events its own changes raise
 * ({@link ModelWeightsChanged}, {@link ModelDeleted}): the loaded models, parsed definitions and other caches that
 * listen to them are then coherent whichever node made the change.
 */
@Component
class ModelChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ModelChangeFeed.class);
    private static final ThreadLocal<Boolean> REPLAYING = new ThreadLocal<>();
    /** Longer than any transaction that writes a change row takes to commit (see {@link ChangeCursor}). */
    private static final Duration GAP_WAIT = Duration.ofSeconds(30);

    private final ModelChangeLog changes;
    private final ApplicationEventPublisher events;
    private final ClusterProperties properties;
    private final Clock clock;
    private final Timer propagation;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private Thread reader;
    private ChangeCursor cursor;
    private long lastPrune;

    ModelChangeFeed(ModelChangeLog changes, ApplicationEventPublisher events, ClusterProperties properties,
                    Clock clock, MeterRegistry registry) {
        this.propagation = Timer.builder("convnet.cluster.change.propagation")
                .description("From a model change on another node to its effect on this node's caches")
                .register(registry);
        this.changes = changes;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** True on the thread that is publishing another node's change. */
    static boolean replaying() {
        return REPLAYING.get() != null;
    }

    /** Read the table now: a notification said there is something new. */
    void wake() {
        wakeups.release();
    }

    @Override
    public synchronized void start() {
        // Nothing is loaded yet, so changes from before the start have nothing to act on.
        cursor = new ChangeCursor(changes.lastSeq(), GAP_WAIT);
        lastPrune = System.nanoTime();
        running = true;
        reader = new Thread(this::readUntilStopped, "model-change-feed");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (reader != null) {
            reader.interrupt();
            try {
                reader.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void readUntilStopped() {
        while (running) {
            try {
                wakeups.tryAcquire(properties.versionCheckInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            try {
                readOnce();
                pruneWhenDue();
            } catch (RuntimeException e) { // the database may be away for a while: try again on the next round
                if (running) {
                    log.warn("Could not read model changes from the database: {}", e.toString());
                }
            }
        }
    }

    void readOnce() {
        long now = System.nanoTime();
        for (ModelChange change : changes.after(cursor.readAfter(now))) {
            if (cursor.seen(change.seq(), now) && !change.origin().equals(changes.origin())) {
                apply(change);
            }
        }
    }

    private void apply(ModelChange change) {
        log.debug("Model {} changed on another node: {}", change.modelId(), change.kind());
        REPLAYING.set(Boolean.TRUE);
        try {
            events.publishEvent(switch (change.kind()) {
                case WEIGHTS -> new ModelWeightsChanged(change.modelId());
                case DELETED -> new ModelDeleted(change.modelId());
            });
        } finally {
            REPLAYING.remove();
        }
        propagation.record(Duration.between(change.changedAt(), clock.instant()));
    }

    private void pruneWhenDue() {
        long now = System.nanoTime();
        if (now - lastPrune >= properties.retention().toNanos() / 10) {
            lastPrune = now;
            changes.pruneBefore(clock.instant().minus(properties.retention()));
        }
    }
}
