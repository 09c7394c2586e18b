package dev.convnet.training;

import java.util.UUID;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of running jobs: a snapshot on connect ('job'), one event per progress interval ('iteration')
 * and per epoch ('epoch'), then the final state ('state'). Publishing never waits for a client ({@link EventStreams}).
 */
@Component
class TrainingEvents implements DisposableBean {

    static final String ITERATION = "iteration";
    private static final long NO_TIMEOUT = 0L;
    private static final int SENDER_THREADS = 4;

    private final EventStreams streams = new EventStreams("training-events-", SENDER_THREADS);

    /** A new stream of the job's events, starting with {@code snapshot} as the 'job' event. */
    SseEmitter subscribe(UUID jobId, Object snapshot) {
        return subscribe(jobId, snapshot, new SseEmitter(NO_TIMEOUT));
    }

    /** As {@link #subscribe(UUID, Object)}, on the given emitter: tests pass one that stands for a slow client. */
    SseEmitter subscribe(UUID jobId, Object snapshot, SseEmitter emitter) {
        return streams.subscribe(jobId, "job", snapshot, emitter);
    }

    /** Queues the event for every subscriber of the job; returns at once, whatever the clients do. */
    void publish(UUID jobId, String name, Object data) {
        // iteration events are snapshots: a newer one replaces the pending one
        streams.publish(jobId, name, data, ITERATION.equals(name));
    }

    /** Sends the final event to every stream of the job, after what each still has pending, and ends them. */
    void complete(UUID jobId, Object finalState) {
        streams.complete(jobId, "state", finalState);
    }

    @Override
    public void destroy() {
        streams.close();
    }
}
