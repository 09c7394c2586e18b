package dev.convnet.node;

import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Shows this node's roles in /actuator/info, so that an operator sees what a replica is for. */
@Component
class NodeInfoContributor implements InfoContributor {

    private final NodeProperties properties;

    NodeInfoContributor(NodeProperties properties) {
        this.properties = properties;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("node", Map.of("roles", properties.roleSet().stream().map(NodeRole::key).toList()));
    }
}
