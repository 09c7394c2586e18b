package dev.convnet.training;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Server-Sent Events of running jobs: one event per progress interval and per epoch, then the final state. */
@Component
class TrainingEvents {

    private static final long NO_TIMEOUT = 0L;

    private final Map<UUID, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();

    SseEmitter subscribe(UUID jobId) {
        SseEmitter emitter = new SseEmitter(NO_TIMEOUT);
        List<SseEmitter> list = subscribers.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        return emitter;
    }

    void publish(UUID jobId, String name, Object data) {
        List<SseEmitter> list = subscribers.get(jobId);
        if (list == null) {
            return;
        }
        for (SseEmitter emitter : list) {
            try {
                emitter.send(SseEmitter.event().name(name).data(data));
            } catch (IOException | IllegalStateException e) {
                list.remove(emitter); // the client went away
            }
        }
    }

    /** Sends the final event and closes every stream of the job. */
    void complete(UUID jobId, Object finalState) {
        publish(jobId, "state", finalState);
        List<SseEmitter> list = subscribers.remove(jobId);
        if (list != null) {
            list.forEach(SseEmitter::complete);
        }
    }
}
