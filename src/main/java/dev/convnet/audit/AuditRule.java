package dev.convnet.audit;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which calls are audited and what each one touched.
 * <p>
 * Audited: POST, PUT, PATCH and DELETE under {@code /api/} and {@code /v2/}, except predictions (routes ending in
 * {@code /predict}, {@code /predictions} or {@code /infer}), which compute an answer and store nothing.
 * <p>
 * The target is the created resource named by {@code Location} when there is one, else the route's path variables
 * in route order joined by {@code /} (a model or job id, a dataset name, {@code lenet5/production} for an alias).
 */
final class AuditRule {

    static final Set<String> MUTATING_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<String> AUDITED_PREFIXES = List.of("/api/", "/v2/");
    private static final List<String> COMPUTATION_SUFFIXES = List.of("/predict", "/predictions", "/infer");

    private AuditRule() {
    }

    /** {@code route} is the matched pattern, or null when no handler method was chosen (then the path decides). */
    static boolean isAudited(String method, String path, String route) {
        if (!MUTATING_METHODS.contains(method) || AUDITED_PREFIXES.stream().noneMatch(path::startsWith)) {
            return false;
        }
        String decisive = route != null ? route : path;
        return COMPUTATION_SUFFIXES.stream().noneMatch(decisive::endsWith);
    }

    /** Null when the call names nothing (e.g. a refused creation). */
    static String target(Map<String, String> pathVariables, String location) {
        if (location != null && !location.isBlank()) {
            String created = lastSegment(location);
            if (created != null) {
                return created;
            }
        }
        if (pathVariables == null || pathVariables.isEmpty()) {
            return null;
        }
        return String.join("/", pathVariables.values());
    }

    private static String lastSegment(String location) {
        String path;
        try {
            path = URI.create(location).getPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (path == null) {
            return null;
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String segment = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return segment.isEmpty() ? null : segment;
    }
}
