package dev.convnet.node;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.ObjectMapper;

/**
 * The role filter, registered here rather than scanned as a component, so that web slice tests of other features
 * (which pick up every scanned filter) do not need the node's settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
public class NodeConfiguration {

    /** Ahead of the request-size limit and of authentication (the security chain): see {@link NodeRoleFilter}. */
    @Bean
    FilterRegistrationBean<NodeRoleFilter> nodeRoleFilter(NodeProperties properties, ObjectMapper json) {
        FilterRegistrationBean<NodeRoleFilter> registration =
                new FilterRegistrationBean<>(new NodeRoleFilter(properties, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
