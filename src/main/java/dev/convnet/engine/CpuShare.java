package dev.convnet.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Splits the node's CPU between predictions and a training when both want all of it. Predictions come first, yet a
 * running training keeps a guaranteed share: while one is registered, each prediction worker pays for its busy time
 * with pauses, so that workers busy without a break are busy at most {@code 1 - share} of the time.
 *
 * <p>Why not OS priorities alone: Linux shares a core between threads by weight, and under heavy load dozens of
 * request threads (decoding images) and the prediction workers, all at the normal priority, outweigh the training's
 * few low-priority threads so far that a training made no progress at all in 45 s with 32 clients; and the training's
 * OpenMP team stalls at every barrier while one of its threads waits for a core. Pausing the workers frees whole cores.
 *
 * <p>The pauses are a leaky bucket per worker: a batch that took {@code d} adds {@code d * share / (1 - share)} of
 * debt, time spent waiting for requests pays it back, and the worker sleeps only once it owes {@value #MIN_PAUSE_MILLIS}
 * ms or more. Under light load the idle gaps pay every debt and predictions never wait.
 */
@Component
public class CpuShare {

    static final long MIN_PAUSE_MILLIS = 2;
    private static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(MIN_PAUSE_MILLIS);

    private final Map<Object, Double> trainings = new ConcurrentHashMap<>();

    /** A training is running on this node and wants {@code share} (0 to 0.9) of the CPU when serving is busy. */
    public Reservation reserveForTraining(double share) {
        if (share < 0 || share > 0.9) {
            throw new IllegalArgumentException("a training's CPU share must be between 0 and 0.9, was " + share);
        }
        Reservation reservation = new Reservation();
        trainings.put(reservation, share);
        return reservation;
    }

    /** The share predictions leave to trainings now: the largest any running training asked for. */
    public double reservedShare() {
        return trainings.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The accounting of one prediction worker thread; not thread-safe, one per worker. */
    public WorkerBudget workerBudget() {
        return new WorkerBudget();
    }

    public final class Reservation implements AutoCloseable {

        private Reservation() {
        }

        @Override
        public void close() {
            trainings.remove(this);
        }
    }

    public final class WorkerBudget {

        private long debtNanos;
        private long lastEndNanos = System.nanoTime();
        private long pausedNanos;

        private WorkerBudget() {
        }

        /** Call when a batch starts: the time since the last one was idle, and pays back debt. */
        public void batchStarting(long nowNanos) {
            debtNanos = Math.max(0, debtNanos - (nowNanos - lastEndNanos));
        }

        /**
         * Call when a batch has ended; sleeps when the worker owes enough pause to its share.
         *
         * @return nanoseconds paused
         */
        public long batchEnded(long startNanos, long endNanos) throws InterruptedException {
            lastEndNanos = endNanos;
            double share = reservedShare();
            if (share <= 0) {
                debtNanos = 0;
                return 0;
            }
            debtNanos += (long) ((endNanos - startNanos) * share / (1 - share));
            if (debtNanos < MIN_PAUSE_NANOS) {
                return 0;
            }
            long pause = debtNanos;
            TimeUnit.NANOSECONDS.sleep(pause);
            debtNanos = 0;
            lastEndNanos = System.nanoTime();
            pausedNanos += pause;
            return pause;
        }

        /** Everything this worker has paused for trainings. */
        public long pausedNanos() {
            return pausedNanos;
        }
    }
}
