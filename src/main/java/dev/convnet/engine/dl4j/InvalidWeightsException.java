package dev.convnet.engine.dl4j;

import dev.convnet.definition.Violation;
import java.util.List;

/** A weight list that does not fit the network: wrong count, or an array of the wrong shape. */
public class InvalidWeightsException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidWeightsException(String message, List<Violation> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
