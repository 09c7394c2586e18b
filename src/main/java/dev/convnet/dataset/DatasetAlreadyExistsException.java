package dev.convnet.dataset;

/** An upload chose the name of a built-in or already uploaded dataset. Maps to HTTP 409, field {@code name}. */
public class DatasetAlreadyExistsException extends RuntimeException {

    private final String dataset;

    public DatasetAlreadyExistsException(String dataset) {
        super("a dataset named '" + dataset + "' already exists");
        this.dataset = dataset;
    }

    public String dataset() {
        return dataset;
    }

    public String field() {
        return "name";
    }
}
