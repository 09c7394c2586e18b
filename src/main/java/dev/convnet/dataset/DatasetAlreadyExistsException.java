package dev.convnet.dataset;

/** An upload or a folder registration chose the name of an existing dataset. Maps to HTTP 409, naming the field. */
public class DatasetAlreadyExistsException extends RuntimeException {

    private final String dataset;
    private final String field;

    public DatasetAlreadyExistsException(String dataset) {
        this(dataset, "name");
    }

    /** @param field how the request named the name: a parameter's name or a JSON pointer */
    public DatasetAlreadyExistsException(String dataset, String field) {
        super("a dataset named '" + dataset + "' already exists");
        this.dataset = dataset;
        this.field = field;
    }

    public String dataset() {
        return dataset;
    }

    public String field() {
        return field;
    }
}
