package dev.convnet.engine.dl4j;

/** An uploaded model file this service cannot take: unknown format, damaged, or a network it cannot express. */
public class InvalidModelFileException extends RuntimeException {

    public InvalidModelFileException(String message) {
        super(message);
    }

    public InvalidModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
