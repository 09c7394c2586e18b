package dev.convnet.definition;

import java.util.List;

/** A definition that cannot become a network; carries every violation found, not only the first. */
public class InvalidDefinitionException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidDefinitionException(List<Violation> violations) {
        super(summary(violations));
        this.violations = List.copyOf(violations);
    }

    public InvalidDefinitionException(Violation violation) {
        this(List.of(violation));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        Violation first = violations.get(0);
        String where = first.layerIndex() == null ? first.field()
                : "layer " + first.layerIndex() + (first.field() == null ? "" : " field '" + first.field() + "'");
        String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
        return where + ": " + first.detail() + more;
    }
}
