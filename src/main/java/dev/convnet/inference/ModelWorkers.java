package dev.convnet.inference;

import dev.convnet.common.NotFoundException;
import dev.convnet.common.Tensor;
import dev.convnet.engine.ServingNetwork;
import dev.convnet.engine.runtime.CpuShare;
import dev.convnet.engine.runtime.EngineThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model: a bounded queue of requests and a few worker threads, each with its own copy of the
 * network (DL4J networks are not thread-safe, and a shared lock would leave all but one core idle) or all sharing
 * one thread-safe network (an ONNX Runtime session); the last worker to end closes them. A
 * worker takes what is queued, up to {@code maxBatchSize} rows, and runs it as one batch; while every
 * other worker is busy it waits up to {@code maxBatchDelay} for more, since nobody could serve them sooner.
 * While a training runs on the node and serving has been saturating it, workers wait out the training's windows
 * ({@link CpuShare}).
 *
 * <p>Not DL4J's {@code ParallelInference}: its batched mode has the same shape (replicas fed from a queue),
 * but it takes DL4J arrays in NCHW (this package stays engine-agnostic and speaks NHWC), its queue blocks
 * the caller when full instead of refusing (we want a 503 at once), it cannot fail queued requests when a
 * model is deleted, and it reports no batch sizes or queue depth. What it would add, replicas and batching,
 * is the small loop below.
 */
final class ModelWorkers {

    private static final Logger log = LoggerFactory.getLogger(ModelWorkers.class);

    private final ServableModel model;
    private final int maxBatchSize;
    private final long maxBatchDelayNanos;
    private final int threadsPerWorker;
    private final BlockingQueue<PendingPrediction> queue;
    private final Set<PendingPrediction> unfinished = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final List<ServingNetwork> networks;
    private final InferenceMetrics.ModelMeters meters;
    private volatile boolean accepting = true;
    private volatile boolean deleted;

    private final CpuShare cpuShare;
    private final ServingMemory.Charge charge;

    /** {@code charge}: the networks' memory, retiring with these workers and released once the networks are closed. */
    ModelWorkers(ServableModel model, List<ServingNetwork> networks, ServingMemory.Charge charge,
                 InferenceProperties properties, InferenceMetrics metrics, CpuShare cpuShare) {
        this.model = model;
        this.networks = List.copyOf(networks);
        this.charge = charge;
        this.cpuShare = cpuShare;
        // requests merged into one batch stay within what one request may send: the memory budget's rows
        this.maxBatchSize = Math.min(properties.maxBatchSize(), model.maxBatchRows());
        this.maxBatchDelayNanos = properties.maxBatchDelay().toNanos();
        this.threadsPerWorker = properties.effectiveThreadsPerWorker();
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.meters = metrics.forModel(model, networks.get(0).engine(), queue::size, charge.bytes());
        running.set(networks.size());
        for (int i = 0; i < networks.size(); i++) {
            ServingNetwork network = networks.get(i);
            Thread thread = new Thread(() -> work(network), "inference-" + model.name() + "-v" + model.version() + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    ServableModel model() {
        return model;
    }

    /** Bytes charged for these workers' networks. */
    long chargedBytes() {
        return charge.bytes();
    }

    /**
     * Queues a request; null when these workers are retiring (new weights, evicted): ask the cache again.
     *
     * @throws InferenceOverloadedException when the queue is full
     */
    CompletableFuture<Tensor> submit(Tensor inputs, java.time.Duration retryAfter) {
        if (!accepting) {
            return deleted ? CompletableFuture.failedFuture(new NotFoundException("Model", model.id().toString())) : null;
        }
        PendingPrediction pending = new PendingPrediction(inputs);
        unfinished.add(pending);
        pending.result().whenComplete((result, error) -> {
            unfinished.remove(pending);
            meters.finished(pending.enqueuedNanos(), error);
        });
        if (!queue.offer(pending)) {
            unfinished.remove(pending);
            meters.rejected();
            throw new InferenceOverloadedException("Model '" + model.name() + "' version " + model.version()
                    + " has " + queue.size() + " requests waiting, its limit (convnet.inference.queue-capacity): retry later",
                    retryAfter);
        }
        // Retired between the check and the offer: the workers may already be gone, so take it back.
        if (!accepting && queue.remove(pending)) {
            unfinished.remove(pending);
            return deleted ? CompletableFuture.failedFuture(new NotFoundException("Model", model.id().toString())) : null;
        }
        return pending.result();
    }

    /** Stops taking requests; queued ones still run with these weights, then the threads end. */
    void retire() {
        accepting = false;
        charge.retiring();
        meters.close();
    }

    /** The model is gone: every queued and running request fails with 404 now. */
    void delete() {
        deleted = true;
        retire();
        NotFoundException gone = new NotFoundException("Model", model.id().toString());
        queue.clear();
        for (PendingPrediction pending : List.copyOf(unfinished)) {
            pending.result().completeExceptionally(gone);
        }
    }

    private void work(ServingNetwork network) {
        try {
            serve(network);
        } finally {
            if (running.decrementAndGet() == 0) {
                try {
                    networks.stream().distinct().forEach(ServingNetwork::close);
                } finally {
                    charge.release();
                }
            }
        }
    }

    private void serve(ServingNetwork network) {
        EngineThreads.capCurrentThread(threadsPerWorker);
        PendingPrediction carry = null;
        try {
            while (true) {
                PendingPrediction first = carry != null ? carry : queue.poll(100, TimeUnit.MILLISECONDS);
                carry = null;
                if (first == null) {
                    if (!accepting) {
                        return;
                    }
                    continue;
                }
                if (first.result().isDone()) {
                    continue; // timed out or failed while queued
                }
                cpuShare.awaitServingTurn();
                busy.incrementAndGet();
                try {
                    List<PendingPrediction> batch = new ArrayList<>();
                    batch.add(first);
                    int rows = first.rows();
                    long deadline = System.nanoTime() + maxBatchDelayNanos;
                    while (rows < maxBatchSize) {
                        PendingPrediction next = queue.poll();
                        if (next == null) {
                            long wait = deadline - System.nanoTime();
                            if (wait <= 0 || busy.get() < threads.size()) {
                                break;
                            }
                            next = queue.poll(wait, TimeUnit.NANOSECONDS);
                            if (next == null) {
                                break;
                            }
                        }
                        if (next.result().isDone()) {
                            continue;
                        }
                        if (rows + next.rows() > maxBatchSize) {
                            carry = next;
                            break;
                        }
                        batch.add(next);
                        rows += next.rows();
                    }
                    run(network, batch, rows);
                } finally {
                    busy.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(ServingNetwork network, List<PendingPrediction> batch, int rows) {
        try {
            Tensor outputs = network.predict(MergedBatch.inputs(batch, rows));
            meters.batch(rows);
            MergedBatch.complete(batch, outputs, rows);
        } catch (RuntimeException e) {
            log.error("Inference failed on model {} (batch of {})", model.id(), rows, e);
            batch.forEach(pending -> pending.result().completeExceptionally(e));
        }
    }
}
