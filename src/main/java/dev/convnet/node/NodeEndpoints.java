package dev.convnet.node;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which role a node needs to answer a path. Health, info, metrics and prometheus (all of /actuator) answer on every
 * node; the API's documentation wherever there is an API to document (api or serving).
 */
final class NodeEndpoints {

    private static final List<PathPattern> EVERY_NODE = patterns("/actuator", "/actuator/**", "/error");
    private static final List<PathPattern> DOCUMENTATION = patterns("/v3/api-docs", "/v3/api-docs/**",
            "/swagger-ui.html", "/swagger-ui/**");
    private static final List<PathPattern> SERVING = patterns("/api/v1/models/*/predict", "/api/v1/models/*/predictions",
            "/api/v1/models/by-name/*/predictions", "/api/v1/models/by-name/*/versions/*/predictions",
            "/v2", "/v2/**");
    private static final List<PathPattern> API = patterns("/api/**");

    private NodeEndpoints() {
    }

    /** The roles of which a node needs one to answer {@code path}; empty: any node answers it. */
    static Set<NodeRole> rolesFor(String path) {
        PathContainer container = PathContainer.parsePath(path);
        if (matches(EVERY_NODE, container)) {
            return Set.of();
        }
        if (matches(DOCUMENTATION, container)) {
            return EnumSet.of(NodeRole.API, NodeRole.SERVING);
        }
        if (matches(SERVING, container)) {
            return EnumSet.of(NodeRole.SERVING);
        }
        if (matches(API, container)) {
            return EnumSet.of(NodeRole.API);
        }
        return Set.of();
    }

    private static boolean matches(List<PathPattern> patterns, PathContainer path) {
        return patterns.stream().anyMatch(pattern -> pattern.matches(path));
    }

    private static List<PathPattern> patterns(String... patterns) {
        return java.util.Arrays.stream(patterns).map(PathPatternParser.defaultInstance::parse).toList();
    }
}
