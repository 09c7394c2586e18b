package dev.convnet.training;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of running jobs: a snapshot on connect, one event per progress interval and per epoch, then
 * the final state. Publishing never waits for a client: each subscriber has its own queue, written by a few
 * sender threads ({@link EventSubscriber}).
 */
@Component
class TrainingEvents implements DisposableBean {

    static final String ITERATION = "iteration";
    private static final long NO_TIMEOUT = 0L;
    // A client whose socket stops taking data holds its sender until the container's write times out.
    private static final int SENDER_THREADS = 4;

    private final Map<UUID, List<EventSubscriber>> subscribers = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor senders;

    TrainingEvents() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("training-events-");
        threads.setDaemon(true);
        // Each subscriber has at most one drain task queued, so the task queue is bounded by the subscribers.
        this.senders = new ThreadPoolExecutor(SENDER_THREADS, SENDER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        this.senders.allowCoreThreadTimeOut(true);
    }

    /** A new stream of the job's events, starting with {@code snapshot} as the 'job' event. */
    SseEmitter subscribe(UUID jobId, Object snapshot) {
        return subscribe(jobId, snapshot, new SseEmitter(NO_TIMEOUT));
    }

    /** As {@link #subscribe(UUID, Object)}, on the given emitter: tests pass one that stands for a slow client. */
    SseEmitter subscribe(UUID jobId, Object snapshot, SseEmitter emitter) {
        List<EventSubscriber> list = subscribers.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>());
        EventSubscriber subscriber = EventSubscriber.open(emitter, senders, list::remove);
        subscriber.offer("job", snapshot, false);
        list.add(subscriber);
        return emitter;
    }

    /** Queues the event for every subscriber of the job; returns at once, whatever the clients do. */
    void publish(UUID jobId, String name, Object data) {
        List<EventSubscriber> list = subscribers.get(jobId);
        if (list != null) {
            list.forEach(subscriber -> subscriber.offer(name, data, ITERATION.equals(name)));
        }
    }

    /** Sends the final event to every stream of the job, after what each still has pending, and ends them. */
    void complete(UUID jobId, Object finalState) {
        List<EventSubscriber> list = subscribers.remove(jobId);
        if (list != null) {
            list.forEach(subscriber -> subscriber.finish("state", finalState));
        }
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
