package dev.convnet.engine.onnx;

/** ONNX Runtime could not load, refused a model or failed to run it. */
public class OnnxRuntimeException extends RuntimeException {

    public OnnxRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
