package dev.convnet.dataset.augment;

import dev.convnet.engine.Batch;
import dev.convnet.engine.EpochData;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One epoch of batches over examples {@code 0 .. count-1}, prepared on a background thread a few batches
 * ahead, so the training thread only waits when preparation is slower than training.
 *
 * <p>Like Keras's {@code Iterator}: optionally shuffled once per epoch, the last partial batch kept.
 * The same epoch seed gives the same order and the same augmentation; derive a seed per epoch with
 * {@link EpochOrder#seed(long, int)}. Batch arrays come from a small pool: a {@link Batch} returned by
 * {@link #next()} stays valid until the following {@code next()} or {@link #close()}.
 *
 * <p>Single consumer. Closing (or cancelling a job by closing) stops the producer after its current batch, then
 * closes the source; a failure in the producer is thrown by the consumer's next {@code hasNext()}/{@code next()} as a
 * {@link BatchPreparationException}.
 */
public final class BatchPipeline implements EpochData.BatchStream {

    /** Batches prepared ahead of the consumer by default. */
    public static final int DEFAULT_PREFETCH = 2;

    private static final long POLL_MILLIS = 50;
    private static final long CLOSE_TIMEOUT_MILLIS = 10_000;
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    /** Sentinels in the ready queue; never handed out. */
    private static final BatchSlot END = BatchSlot.marker();
    private static final BatchSlot FAILED = BatchSlot.marker();

    private final int count;
    private final int batchSize;
    private final int batchCount;
    private final long epochSeed;
    private final boolean shuffle;
    private final ImageSource source;
    private final BlockingQueue<BatchSlot> free;
    private final BlockingQueue<BatchSlot> ready;
    private final Thread producer;

    private volatile boolean closed;
    private volatile Throwable failure;
    private volatile int failedBatch;
    private BatchSlot peeked;
    private BatchSlot current;

    private BatchPipeline(int count, int batchSize, long epochSeed, boolean shuffle, ImageSource source,
            int prefetch, ThreadFactory threadFactory) {
        this.source = Objects.requireNonNull(source, "source");
        Objects.requireNonNull(threadFactory, "threadFactory");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        if (prefetch <= 0) {
            throw new IllegalArgumentException("prefetch must be > 0, got " + prefetch);
        }
        this.count = count;
        this.batchSize = batchSize;
        this.batchCount = (int) (((long) count + batchSize - 1) / batchSize);
        this.epochSeed = epochSeed;
        this.shuffle = shuffle;
        // One slot filling, `prefetch` ready, one held by the consumer: the producer never waits on memory.
        int slots = prefetch + 2;
        this.free = new ArrayBlockingQueue<>(slots);
        this.ready = new ArrayBlockingQueue<>(prefetch + 1);
        BatchSlot.fill(free, slots, source, batchSize);
        this.producer = threadFactory.newThread(this::produce);
    }

    /** Starts preparing one epoch with {@link #DEFAULT_PREFETCH} batches ahead on a daemon thread. */
    public static BatchPipeline start(int count, int batchSize, long epochSeed, boolean shuffle, ImageSource source) {
        return start(count, batchSize, epochSeed, shuffle, source, DEFAULT_PREFETCH, BatchPipeline::daemonThread);
    }

    public static BatchPipeline start(int count, int batchSize, long epochSeed, boolean shuffle, ImageSource source,
            int prefetch, ThreadFactory threadFactory) {
        BatchPipeline pipeline = new BatchPipeline(count, batchSize, epochSeed, shuffle, source, prefetch,
                threadFactory);
        pipeline.producer.start();
        return pipeline;
    }

    @Override
    public boolean hasNext() {
        return awaitPeeked() != END;
    }

    @Override
    public Batch next() {
        BatchSlot next = awaitPeeked();
        if (next == END) {
            throw new NoSuchElementException("all " + batchCount + " batches of this epoch were consumed");
        }
        peeked = null;
        if (current != null) {
            free.add(current);
        }
        current = next;
        return new Batch(next.features, next.labels, next.size);
    }

    /** Stops the producer (waiting for it to finish its current batch), drops prepared batches, closes the source. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        producer.interrupt();
        try {
            producer.join(CLOSE_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ready.clear();
        peeked = null;
        current = null;
        source.close();
    }

    private BatchSlot awaitPeeked() {
        if (closed) {
            throw new IllegalStateException("the batch pipeline is closed");
        }
        if (peeked == null) {
            try {
                peeked = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for the next batch");
            }
        }
        if (peeked == FAILED) {
            throw new BatchPreparationException("preparing batch " + (failedBatch + 1) + " of " + batchCount
                    + " failed: " + failure, failure);
        }
        return peeked;
    }

    private void produce() {
        int batch = 0;
        try {
            SplittableRandom root = new SplittableRandom(epochSeed);
            SplittableRandom shuffleRandom = root.split();
            SplittableRandom augmentRandom = root.split();
            int[] order = EpochOrder.of(count, shuffle, shuffleRandom);
            for (; batch < batchCount; batch++) {
                BatchSlot slot = takeFree();
                if (slot == null) {
                    return;
                }
                int start = batch * batchSize;
                int size = Math.min(batchSize, count - start);
                System.arraycopy(order, start, slot.indices, 0, size);
                source.fill(slot.indices, size, slot.features, slot.labels, augmentRandom);
                slot.size = size;
                if (!offerReady(slot)) {
                    return;
                }
            }
            offerReady(END);
        } catch (InterruptedException e) {
            // Closed while waiting: nothing to report.
        } catch (Throwable e) {
            if (closed) {
                return;
            }
            failure = e;
            failedBatch = batch;
            try {
                offerReady(FAILED);
            } catch (InterruptedException interrupted) {
                // Closed meanwhile.
            }
        }
    }

    // Polling with a timeout (not a bare take/put) so a close is noticed even if the source swallowed
    // the interrupt.
    private BatchSlot takeFree() throws InterruptedException {
        while (!closed) {
            BatchSlot slot = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (slot != null) {
                return slot;
            }
        }
        return null;
    }

    private boolean offerReady(BatchSlot slot) throws InterruptedException {
        while (!closed) {
            if (ready.offer(slot, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    private static Thread daemonThread(Runnable task) {
        Thread thread = new Thread(task, "batch-pipeline-" + THREAD_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
