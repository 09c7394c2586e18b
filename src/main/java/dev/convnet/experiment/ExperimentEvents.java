package dev.convnet.experiment;

import dev.convnet.training.EventStreams;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of experiments: 'experiment' (a snapshot on connect), 'run' (a run changed state), 'progress'
 * (run counts after a change), 'state' (the experiment ended; the stream then ends). The streams are training's
 * {@link EventStreams}: each client its own bounded queue, so that a slow client never holds up the reconciler.
 */
@Component
class ExperimentEvents implements DisposableBean {

    record RunEvent(String variant, long seed, UUID jobId, String state) {
    }

    private static final int SENDER_THREADS = 2;

    private final EventStreams streams = new EventStreams("experiment-events-", SENDER_THREADS);
    /** The run states each experiment's streams last heard, to send only changes. */
    private final Map<UUID, Map<Integer, String>> lastStates = new ConcurrentHashMap<>();

    SseEmitter subscribe(UUID experimentId, ExperimentView snapshot) {
        return streams.subscribe(experimentId, "experiment", snapshot, new SseEmitter(0L));
    }

    Set<UUID> subscribed() {
        return streams.subscribed();
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
                streams.publish(id, "run", new RunEvent(run.variant(), run.run().seed(), run.run().jobId(), state), false);
            }
        }
        if (changed) {
            streams.publish(id, "progress", ExperimentViews.progress(snapshot), false);
        }
    }

    /** Sends the final state to every stream of the experiment, after what each still has pending, and ends them. */
    void complete(UUID id, ExperimentView finalState) {
        lastStates.remove(id);
        streams.complete(id, "state", finalState);
    }

    @Override
    public void destroy() {
        streams.close();
    }
}
