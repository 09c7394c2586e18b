package dev.convnet.common;

/** A request body over {@code convnet.api.max-request-size}; answered with 413. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limitBytes) {
        super("request body exceeds the limit of " + limitBytes + " bytes (convnet.api.max-request-size)");
    }
}
