package dev.convnet.node;

import dev.convnet.common.EndpointPaths;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The role a node needs for a path, over the path groups it shares with the security rules. */
class NodeEndpointsTest {

    /** A concrete path that the pattern matches. */
    static String concrete(String pattern) {
        return pattern.replace("/**", "/any/thing").replace("*", "x");
    }

    @Test
    void predictionNeedsTheServingRoleAndDocumentationEitherApiOrServing() {
        assertThat(EndpointPaths.PREDICTION).allSatisfy(pattern ->
                assertThat(NodeEndpoints.rolesFor(concrete(pattern))).as(pattern).containsExactly(NodeRole.SERVING));
        assertThat(EndpointPaths.DOCUMENTATION).allSatisfy(pattern ->
                assertThat(NodeEndpoints.rolesFor(concrete(pattern))).as(pattern)
                        .isEqualTo(EnumSet.of(NodeRole.API, NodeRole.SERVING)));
    }

    @Test
    void everyOtherGroupKeepsItsRole() {
        assertThat(NodeEndpoints.rolesFor("/v2/models/digits/infer")).containsExactly(NodeRole.SERVING);
        assertThat(NodeEndpoints.rolesFor("/api/v1/models/x")).containsExactly(NodeRole.API);
        assertThat(NodeEndpoints.rolesFor("/api/v1/models/x/evaluation")).containsExactly(NodeRole.API);
        for (String everywhere : List.of("/actuator", "/actuator/health", "/error", "/elsewhere")) {
            assertThat(NodeEndpoints.rolesFor(everywhere)).as(everywhere).isEmpty();
        }
    }
}
