package dev.convnet.inference;

/** More images in one request than {@code convnet.inference.max-files}; answered with 413. */
public class TooManyFilesException extends RuntimeException {

    private final int limit;

    public TooManyFilesException(int count, int limit) {
        super(count + " images were sent in one request; at most " + limit
                + " are accepted (convnet.inference.max-files): split the request");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
