package dev.convnet.inference;

import dev.convnet.common.Tensor;
import java.util.concurrent.CompletableFuture;

/**
 * A request waiting in a model's queue for its result; {@code rows} images of the batch dimension. Not a record: it
 * sits in a hash set, and a record's hashCode would hash every input float on each add and remove (4% of the HTTP
 * threads' time under load, docs/BENCHMARKS.md); two requests are never the same request.
 */
final class PendingPrediction {

    private final Tensor inputs;
    private final CompletableFuture<Tensor> result = new CompletableFuture<>();
    private final long enqueuedNanos = System.nanoTime();

    PendingPrediction(Tensor inputs) {
        this.inputs = inputs;
    }

    Tensor inputs() {
        return inputs;
    }

    CompletableFuture<Tensor> result() {
        return result;
    }

    long enqueuedNanos() {
        return enqueuedNanos;
    }

    int rows() {
        return inputs.shape()[0];
    }
}
