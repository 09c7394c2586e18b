package dev.convnet.node;

import dev.convnet.common.EndpointPaths;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which role a node needs to answer a path. Health, info, metrics and prometheus (all of /actuator) answer on every
 * node; the API's documentation wherever there is an API to document (api or serving).
 */
final class NodeEndpoints {

    private static final List<PathPattern> EVERY_NODE = patterns(List.of("/actuator", "/actuator/**", "/error"));
    private static final List<PathPattern> DOCUMENTATION = patterns(EndpointPaths.DOCUMENTATION);
    private static final List<PathPattern> SERVING = patterns(EndpointPaths.PREDICTION, List.of("/v2", "/v2/**"));
    private static final List<PathPattern> API = patterns(List.of("/api/**"));

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

    @SafeVarargs
    private static List<PathPattern> patterns(List<String>... groups) {
        return Stream.of(groups).flatMap(List::stream).map(PathPatternParser.defaultInstance::parse).toList();
    }
}
