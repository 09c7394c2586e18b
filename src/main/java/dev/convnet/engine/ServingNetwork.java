package dev.convnet.engine;

import dev.convnet.common.Tensor;

/**
 * A network that answers predictions in Keras's NHWC layout, whichever engine computes it. Each serving worker calls
 * its own instance, or a shared one when {@link #threadSafe()}.
 */
public interface ServingNetwork extends AutoCloseable {

    /** Runs a batch [batch, height, width, channels]; spatial outputs come back NHWC too. */
    Tensor predict(Tensor inputs);

    /** The engine's name, as metrics tag it: {@code dl4j} or {@code onnxruntime}. */
    String engine();

    /** Whether several threads may call {@link #predict} at once. */
    boolean threadSafe();

    /** Releases native resources; the default holds none beyond what the garbage collector frees. */
    @Override
    default void close() {
    }
}
