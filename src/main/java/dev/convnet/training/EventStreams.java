package dev.convnet.training;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The Server-Sent Event streams of resources that change over time (jobs, experiments), by the resource's id.
 * Publishing never waits for a client: each stream is an {@link EventSubscriber} with its own queue, written by a
 * few sender threads shared by all streams.
 */
public final class EventStreams implements AutoCloseable {

    private final Map<UUID, List<EventSubscriber>> subscribers = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor senders;

    /**
     * @param threadNamePrefix names the sender threads
     * @param senderThreads    how many clients can be written to at once: a client whose socket stops taking data
     *                         holds its sender until the container's write times out
     */
    public EventStreams(String threadNamePrefix, int senderThreads) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(threadNamePrefix);
        threads.setDaemon(true);
        // Each subscriber has at most one drain task queued, so the task queue is bounded by the subscribers.
        this.senders = new ThreadPoolExecutor(senderThreads, senderThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        this.senders.allowCoreThreadTimeOut(true);
    }

    /** A new stream of the resource's events on {@code emitter}, starting with {@code snapshot} as {@code snapshotName}. */
    public SseEmitter subscribe(UUID id, String snapshotName, Object snapshot, SseEmitter emitter) {
        List<EventSubscriber> list = subscribers.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>());
        EventSubscriber subscriber = EventSubscriber.open(emitter, senders, list::remove);
        subscriber.offer(snapshotName, snapshot, false);
        list.add(subscriber);
        return emitter;
    }

    /** The resources that have streams now. */
    public Set<UUID> subscribed() {
        return Set.copyOf(subscribers.keySet());
    }

    /**
     * Queues the event for every stream of the resource; returns at once, whatever the clients do. A
     * {@code coalescing} event replaces a pending one of its name.
     */
    public void publish(UUID id, String name, Object data, boolean coalescing) {
        List<EventSubscriber> list = subscribers.get(id);
        if (list != null) {
            list.forEach(subscriber -> subscriber.offer(name, data, coalescing));
        }
    }

    /** Sends the final event to every stream of the resource, after what each still has pending, and ends them. */
    public void complete(UUID id, String name, Object finalState) {
        List<EventSubscriber> list = subscribers.remove(id);
        if (list != null) {
            list.forEach(subscriber -> subscriber.finish(name, finalState));
        }
    }

    /** Stops the sender threads. */
    @Override
    public void close() {
        senders.shutdownNow();
    }
}
