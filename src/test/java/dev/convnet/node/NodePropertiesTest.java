package dev.convnet.node;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The roles as the application binds them: all three by default, any subset, and a start that fails on a typo. */
class NodePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NodeProperties.class)
    static class Binding {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void allRolesByDefault() {
        context.run(started -> assertThat(started.getBean(NodeProperties.class).roleSet())
                .containsExactly(NodeRole.API, NodeRole.SERVING, NodeRole.TRAINING));
    }

    @Test
    void anySubsetAsTheEnvironmentWritesIt() {
        context.withPropertyValues("convnet.node.roles=API, serving").run(started -> {
            NodeProperties node = started.getBean(NodeProperties.class);
            assertThat(node.roleSet()).containsExactly(NodeRole.API, NodeRole.SERVING);
            assertThat(node.has(NodeRole.TRAINING)).isFalse();
        });
    }

    @Test
    void anUnknownRoleStopsTheStartNamingTheProperty() {
        context.withPropertyValues("convnet.node.roles=api,trainer").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause()
                    .hasMessageContaining("convnet.node.roles")
                    .hasMessageContaining("'trainer'")
                    .hasMessageContaining("api, serving, training");
        });
    }

    @Test
    void noRoleAtAllStopsTheStart() {
        context.withPropertyValues("convnet.node.roles=").run(started -> assertThat(started).hasFailed());
    }
}
