package dev.convnet.dataset;

/** No built-in or uploaded dataset has this name. Maps to HTTP 404 (or 400 naming the field when it came in a request body). */
public class DatasetNotFoundException extends RuntimeException {

    private final String dataset;

    public DatasetNotFoundException(String dataset) {
        super("no dataset named '" + dataset + "'");
        this.dataset = dataset;
    }

    public String dataset() {
        return dataset;
    }
}
