package dev.convnet.common;

import java.util.List;

/**
 * Path patterns of the endpoint groups that both the security rules (who may call) and the node roles (which node
 * answers) sort requests by, so that the two cannot drift apart.
 */
public final class EndpointPaths {

    /** The API's own documentation: the OpenAPI document and Swagger UI. */
    public static final List<String> DOCUMENTATION = List.of("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
            "/swagger-ui/**");

    /** Prediction through this service's API (the Open Inference Protocol's is under /v2). */
    public static final List<String> PREDICTION = List.of("/api/v1/models/*/predict", "/api/v1/models/*/predictions",
            "/api/v1/models/by-name/*/predictions", "/api/v1/models/by-name/*/versions/*/predictions");

    private EndpointPaths() {
    }
}
