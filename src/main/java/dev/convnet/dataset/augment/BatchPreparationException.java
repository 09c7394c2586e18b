package dev.convnet.dataset.augment;

/** The background producer of a {@link BatchPipeline} failed; the cause is what it threw. */
public class BatchPreparationException extends RuntimeException {

    public BatchPreparationException(String message, Throwable cause) {
        super(message, cause);
    }
}
