package dev.convnet.engine.runtime;

/** No ND4J build in this artifact can run here, or the configured one cannot: the service must not start. */
public class NativeBinaryException extends IllegalStateException {

    public NativeBinaryException(String message) {
        super(message);
    }
}
