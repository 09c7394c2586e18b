package dev.convnet.training;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's stream of a job's events. Events wait in a bounded queue and a sender thread writes them, so a
 * slow or stuck client never holds up the training thread that publishes them. A client that falls behind
 * sees only the newest iteration event (they are snapshots, so newer ones replace the pending one) and loses
 * the events that do not fit; the final event is always sent, after those still pending, and ends the stream.
 */
public final class EventSubscriber {

    static final int MAX_PENDING = 64;

    private record Event(String name, Object data) {
    }

    private final SseEmitter emitter;
    private final Executor sender;
    private final Consumer<EventSubscriber> onGone;

    // Guarded by this.
    private final Deque<Event> pending = new ArrayDeque<>();
    private Event last;
    private boolean draining;
    private boolean closed;

    private EventSubscriber(SseEmitter emitter, Executor sender, Consumer<EventSubscriber> onGone) {
        this.emitter = emitter;
        this.sender = sender;
        this.onGone = onGone;
    }

    /** A subscriber that {@code sender} writes to {@code emitter}; {@code onGone} hears when its stream ends. */
    public static EventSubscriber open(SseEmitter emitter, Executor sender, Consumer<EventSubscriber> onGone) {
        EventSubscriber subscriber = new EventSubscriber(emitter, sender, onGone);
        emitter.onCompletion(subscriber::gone);
        emitter.onTimeout(subscriber::gone);
        emitter.onError(e -> subscriber.gone());
        return subscriber;
    }

    /** Queues an event without waiting; one of the {@code coalescing} name replaces a pending one of that name. */
    public void offer(String name, Object data, boolean coalescing) {
        synchronized (this) {
            if (closed || last != null) {
                return;
            }
            if (coalescing) {
                pending.removeIf(event -> event.name().equals(name));
            }
            if (pending.size() >= MAX_PENDING) {
                return; // this client is behind: the job resource still has the whole history
            }
            pending.addLast(new Event(name, data));
        }
        scheduleDrain();
    }

    /** Queues the final event: sent after the pending ones, whatever their number, then the stream ends. */
    public void finish(String name, Object data) {
        synchronized (this) {
            if (closed || last != null) {
                return;
            }
            last = new Event(name, data);
        }
        scheduleDrain();
    }

    /** The client went away or the stream ended: nothing more is sent. */
    private void gone() {
        synchronized (this) {
            closed = true;
            pending.clear();
        }
        onGone.accept(this);
    }

    private void scheduleDrain() {
        synchronized (this) {
            if (draining || closed) {
                return;
            }
            draining = true;
        }
        try {
            sender.execute(this::drain);
        } catch (RejectedExecutionException e) { // the node is shutting down
            gone();
        }
    }

    private void drain() {
        while (true) {
            Event next;
            boolean end = false;
            synchronized (this) {
                next = closed ? null : pending.pollFirst();
                if (next == null && !closed && last != null) {
                    next = last;
                    end = true;
                    closed = true;
                }
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                emitter.send(SseEmitter.event().name(next.name()).data(next.data()));
                if (end) {
                    emitter.complete();
                    onGone.accept(this);
                    return;
                }
            } catch (IOException | RuntimeException e) { // the client went away, or its stream is broken
                gone();
                return;
            }
        }
    }
}
