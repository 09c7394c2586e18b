package dev.convnet.node;

import dev.convnet.common.ApiProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Answers 404 for endpoints of a role this node does not have: a role is fixed configuration, not a passing state, so
 * not 503 (which invites a retry on the same node). Before authentication, so that the answer is the same for
 * every caller and names the role to route to; under /v2 in the Open Inference Protocol's error body, elsewhere as
 * a problem document.
 */
class NodeRoleFilter extends OncePerRequestFilter {

    static final String PROBLEM_TYPE = "role-not-served";

    private final Set<NodeRole> roles;
    private final List<String> roleKeys;
    private final ObjectMapper json;

    NodeRoleFilter(NodeProperties properties, ObjectMapper json) {
        this.roles = properties.roleSet();
        this.roleKeys = roles.stream().map(NodeRole::key).toList();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Set<NodeRole> needed = NodeEndpoints.rolesFor(path);
        if (needed.isEmpty() || !Collections.disjoint(needed, roles)) {
            chain.doFilter(request, response);
            return;
        }
        String neededKeys = needed.stream().map(NodeRole::key).collect(Collectors.joining("' or '", "'", "'"));
        String message = "This node does not serve " + path + ": its roles (convnet.node.roles) are " + roleKeys
                + "; send the request to a node with the role " + neededKeys;
        response.setStatus(HttpStatus.NOT_FOUND.value());
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Map.of("error", message));
            return;
        }
        ProblemDetail problem = ApiProblems.of(HttpStatus.NOT_FOUND, PROBLEM_TYPE, "Not served by this node", message,
                "nodeRoles", roleKeys, "requiredRoles", needed.stream().map(NodeRole::key).toList());
        problem.setInstance(URI.create(path));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
