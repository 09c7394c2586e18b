package dev.convnet.ratelimit;

import java.util.List;
import java.util.Set;

/** The classes of calls that are rate limited per caller, each with the routes and methods it covers. */
enum LimitedCall {

    PREDICTIONS("predictions", "predictions", Set.of("POST"), List.of(
            "/api/v1/models/*/predictions",
            "/api/v1/models/by-name/*/predictions",
            "/api/v1/models/by-name/*/versions/*/predictions",
            "/api/v1/models/*/predict",
            "/v2/models/*/infer",
            "/v2/models/*/versions/*/infer")),
    TRAINING_SUBMISSIONS("training-submissions", "training job submissions", Set.of("POST"), List.of(
            "/api/v1/training-jobs")),
    UPLOADS("uploads", "uploads", Set.of("POST", "PUT"), List.of(
            "/api/v1/datasets",
            "/api/v1/models/import",
            "/api/v1/models/*/weights"));

    private final String settingName;
    private final String description;
    private final Set<String> methods;
    private final List<String> pathPatterns;

    LimitedCall(String settingName, String description, Set<String> methods, List<String> pathPatterns) {
        this.settingName = settingName;
        this.description = description;
        this.methods = methods;
        this.pathPatterns = pathPatterns;
    }

    /** The name under convnet.rate-limits that configures it, e.g. "training-submissions". */
    String settingName() {
        return settingName;
    }

    String description() {
        return description;
    }

    /** Reads on the same paths (e.g. listing jobs) are not limited. */
    boolean covers(String method) {
        return methods.contains(method);
    }

    List<String> pathPatterns() {
        return pathPatterns;
    }
}
