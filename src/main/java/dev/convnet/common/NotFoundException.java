package dev.convnet.common;

/** A resource that does not exist; the web layer answers 404. */
public class NotFoundException extends RuntimeException {

    private final String resource;

    public NotFoundException(String resource, String id) {
        super(resource + " '" + id + "' does not exist");
        this.resource = resource;
    }

    /** When the resource exists but not in the form asked for: {@code condition} completes "Model 'x' ...". */
    public NotFoundException(String resource, String id, String condition) {
        super(resource + " '" + id + "' " + condition);
        this.resource = resource;
    }

    public String resource() {
        return resource;
    }
}
