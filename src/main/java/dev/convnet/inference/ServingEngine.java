package dev.convnet.inference;

/** {@code convnet.inference.engine}: what computes predictions below the batching workers. */
public enum ServingEngine {
    /** ONNX Runtime for every model the ONNX export can write and ONNX Runtime loads, else DL4J. */
    AUTO,
    /** As {@link #AUTO}, but a model that falls back to DL4J is a warning: ONNX Runtime was asked for. */
    ONNXRUNTIME,
    /** DL4J only. */
    DL4J
}
