package dev.convnet.engine.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * Splits the node's CPU between predictions and a training when both want all of it. Predictions come first, yet a
 * running training keeps a guaranteed share: when serving has been busy (a prediction in flight) for more than
 * {@code 1 - share} of the last period, a window follows that belongs to the training, as long as makes the training's
 * part of period and window {@code share}; prediction work waits until it ends. Under light load serving is idle
 * often enough that no window is ever taken.
 *
 * <p>Why not OS priorities alone: Linux shares a core between threads by weight, and under heavy load the request
 * threads (decoding images, writing answers) and the prediction workers, dozens of them at the normal priority,
 * outweigh the training's few low-priority threads so far that a training made no progress at all in 45 s with 32
 * clients; the training's OpenMP team also stalls at every barrier while one of its threads waits for a core. Nor can
 * the prediction workers alone make room: with small networks most of the CPU goes to the request threads. So every
 * prediction request passes {@link #servingStarts()} / {@link #servingEnds()} (a servlet filter), and every worker
 * batch {@link #awaitServingTurn()}.
 */
@Component
public class CpuShare {

    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Map<Object, Double> trainings = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    private int inFlight;
    private long busySince;
    private long periodStart;
    private long busyInPeriod;
    private volatile long trainingWindowEnd;
    private long windowNanosTotal;

    public CpuShare() {
        this(System::nanoTime);
    }

    CpuShare(LongSupplier clock) {
        this.clock = clock;
        this.periodStart = clock.getAsLong();
    }

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

    /** A prediction request starts its work; waits first while a training window is open. */
    public void servingStarts() throws InterruptedException {
        awaitServingTurn();
        long now = clock.getAsLong();
        synchronized (this) {
            rollPeriod(now);
            if (inFlight++ == 0) {
                busySince = now;
            }
        }
    }

    /** The request's work is done (its answer is written). */
    public void servingEnds() {
        long now = clock.getAsLong();
        synchronized (this) {
            if (inFlight > 0 && --inFlight == 0) {
                busyInPeriod += now - Math.max(busySince, periodStart);
            }
            rollPeriod(now);
        }
    }

    /** Waits while a training window is open; prediction workers call it before each batch. */
    public void awaitServingTurn() throws InterruptedException {
        long wait = trainingWindowEnd - clock.getAsLong();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Whether prediction work now has to wait for a training's window to end. */
    public boolean trainingWindowOpen() {
        return trainingWindowEnd - clock.getAsLong() > 0;
    }

    /** All the time handed to trainings so far, in nanoseconds. */
    public synchronized long trainingWindowNanos() {
        return windowNanosTotal;
    }

    /** Ends the period once it is over: if serving was busy for more than its part, the training's window follows. */
    private void rollPeriod(long now) {
        long elapsed = now - periodStart;
        if (elapsed < PERIOD_NANOS) {
            return;
        }
        long busy = busyInPeriod + (inFlight > 0 ? now - Math.max(busySince, periodStart) : 0);
        double share = reservedShare();
        if (share > 0 && busy >= (1 - share) * elapsed) {
            // serving had the period; the window that follows makes the training's part of both exactly `share`
            long window = (long) (share / (1 - share) * elapsed);
            trainingWindowEnd = now + window;
            windowNanosTotal += window;
            now += window;
        }
        periodStart = now;
        busyInPeriod = 0;
        if (inFlight > 0) {
            busySince = now;
        }
    }

    public final class Reservation implements AutoCloseable {

        private Reservation() {
        }

        @Override
        public void close() {
            trainings.remove(this);
        }
    }
}
