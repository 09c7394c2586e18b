package dev.convnet.node;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This node's place in a cluster.
 *
 * @param roles any of {@code api}, {@code serving}, {@code training} ({@code CONVNET_NODE_ROLES=api,serving}); all
 *              three by default, as one node on its own needs. Bound as text, so that an unknown role stops the start
 *              with a message that names the property and the roles there are.
 */
@ConfigurationProperties("convnet.node")
public record NodeProperties(@DefaultValue({"api", "serving", "training"}) List<String> roles) {

    public NodeProperties {
        if (roles == null || roles.stream().allMatch(role -> role == null || role.isBlank())) {
            throw new IllegalArgumentException("convnet.node.roles must name at least one role of " + known());
        }
        for (String role : roles) {
            if (role != null && !role.isBlank() && parse(role) == null) {
                throw new IllegalArgumentException("convnet.node.roles: unknown role '" + role.strip()
                        + "'; the roles are " + known());
            }
        }
        roles = List.copyOf(roles);
    }

    /** The roles, in their declared order. */
    public Set<NodeRole> roleSet() {
        Set<NodeRole> set = EnumSet.noneOf(NodeRole.class);
        roles.stream().filter(role -> role != null && !role.isBlank()).map(NodeProperties::parse).forEach(set::add);
        return set;
    }

    public boolean has(NodeRole role) {
        return roleSet().contains(role);
    }

    private static NodeRole parse(String role) {
        try {
            return NodeRole.valueOf(role.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String known() {
        return EnumSet.allOf(NodeRole.class).stream().map(NodeRole::key).collect(Collectors.joining(", "));
    }
}
