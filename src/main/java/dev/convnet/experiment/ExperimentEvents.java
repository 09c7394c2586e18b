package dev.convnet.experiment;

import dev.convnet.training.EventSubscriber;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Server-Sent Events of experiments: 'experiment' (a snapshot on connect), 'run' (a run changed state), 'progress'
 * (run counts after a change), 'state' (the experiment ended; the stream then ends). Each client is a training
 * {@link EventSubscriber}: its own bounded queue, so that a slow client never holds up the reconciler.
 */
@Component
class ExperimentEvents implements DisposableBean {

    record RunEvent(String variant, long seed, UUID jobId, String state) {
    }

    private static final int SENDER_THREADS = 2;

    private final Map<UUID, List<EventSubscriber>> subscribers = new ConcurrentHashMap<>();
    /** The run states each experiment's streams last heard, to send only changes. */
    private final Map<UUID, Map<Integer, String>> lastStates = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor senders;

    ExperimentEvents() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("experiment-events-");
        threads.setDaemon(true);
        this.senders = new ThreadPoolExecutor(SENDER_THREADS, SENDER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        this.senders.allowCoreThreadTimeOut(true);
    }

    SseEmitter subscribe(UUID experimentId, ExperimentView snapshot) {
        SseEmitter emitter = new SseEmitter(0L);
        List<EventSubscriber> list = subscribers.computeIfAbsent(experimentId, id -> new CopyOnWriteArrayList<>());
        EventSubscriber subscriber = EventSubscriber.open(emitter, senders, list::remove);
        subscriber.offer("experiment", snapshot, false);
        list.add(subscriber);
        return emitter;
    }

    Set<UUID> subscribed() {
        return Set.copyOf(subscribers.keySet());
    }

    /** Sends a 'run' event for each run whose state changed since the last look, then the counts. */
    void observe(ExperimentSnapshot snapshot) {
        UUID id = snapshot.experiment().id();
        Map<Integer, String> last = lastStates.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
        boolean changed = false;
        for (ExperimentSnapshot.RunSnapshot run : snapshot.runs()) {
            String state = run.state();
            if (!state.equals(last.put(run.run().position(), state))) {
                changed = true;
                publish(id, "run", new RunEvent(run.variant(), run.run().seed(), run.run().jobId(), state));
            }
        }
        if (changed) {
            publish(id, "progress", ExperimentViews.progress(snapshot));
        }
    }

    private void publish(UUID id, String name, Object data) {
        List<EventSubscriber> list = subscribers.get(id);
        if (list != null) {
            list.forEach(subscriber -> subscriber.offer(name, data, false));
        }
    }

    /** Sends the final state to every stream of the experiment, after what each still has pending, and ends them. */
    void complete(UUID id, ExperimentView finalState) {
        lastStates.remove(id);
        List<EventSubscriber> list = subscribers.remove(id);
        if (list != null) {
            list.forEach(subscriber -> subscriber.finish("state", finalState));
        }
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
