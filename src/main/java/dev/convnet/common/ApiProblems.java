package dev.convnet.common;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds the service's RFC 9457 problem documents, with a stable {@code type} URI per kind of problem. */
public final class ApiProblems {

    private static final String TYPE_BASE = "urn:convnet:problem:";

    /**
     * The order of each feature's exception handler: after handlers scoped to one controller (highest precedence),
     * before web's catch-all handler (lowest), which would otherwise answer a feature's exception with 500.
     */
    public static final int FEATURE_HANDLER_ORDER = 0;

    private ApiProblems() {
    }

    /** {@code properties} are extension members as name/value pairs, e.g. {@code "field", "/epochs"}. */
    public static ProblemDetail of(HttpStatus status, String type, String title, String detail, Object... properties) {
        if (properties.length % 2 != 0) {
            throw new IllegalArgumentException("properties come in name/value pairs");
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        for (int i = 0; i < properties.length; i += 2) {
            problem.setProperty((String) properties[i], properties[i + 1]);
        }
        return problem;
    }
}
