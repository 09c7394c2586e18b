package dev.convnet.engine.fit;

/** A batch did not fit in memory; the node keeps serving, the job fails with this reason. */
public class TrainingOutOfMemoryException extends RuntimeException {

    public TrainingOutOfMemoryException(int batchSize, Throwable cause) {
        super("out of memory training with batch size " + batchSize + " (" + cause.getMessage()
                + "); use a smaller batch size or give the service more memory", cause);
    }
}
