package dev.convnet.security;

import dev.convnet.common.EndpointPaths;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/** The scope each call needs, over the path groups the rules share with the node roles. */
class EndpointRulesTest {

    private final EndpointRules rules = new EndpointRules(false);

    /** A concrete path that the pattern matches. */
    private static String concrete(String pattern) {
        return pattern.replace("/**", "/any/thing").replace("*", "x");
    }

    private Scope scope(HttpMethod method, String path) {
        Optional<EndpointRules.Rule> rule = rules.ruleFor(method, path);
        assertThat(rule).as(method + " " + path).isPresent();
        return rule.get().scope();
    }

    @Test
    void predictionNeedsThePredictScopeAndDocumentationIsOpen() {
        assertThat(EndpointPaths.PREDICTION).allSatisfy(pattern ->
                assertThat(scope(HttpMethod.POST, concrete(pattern))).as(pattern).isEqualTo(Scope.PREDICT));
        assertThat(EndpointPaths.DOCUMENTATION).allSatisfy(pattern -> {
            assertThat(rules.ruleFor(HttpMethod.GET, concrete(pattern))).as(pattern)
                    .hasValueSatisfying(rule -> assertThat(rule.open()).isTrue());
        });
    }

    @Test
    void theOtherRulesAroundThemKeepTheirScopes() {
        assertThat(rules.ruleFor(HttpMethod.GET, "/actuator/health")).hasValueSatisfying(rule -> assertThat(rule.open()).isTrue());
        assertThat(rules.ruleFor(HttpMethod.GET, "/v2/health/ready")).hasValueSatisfying(rule -> assertThat(rule.open()).isTrue());
        assertThat(scope(HttpMethod.GET, "/actuator/prometheus")).isEqualTo(Scope.ADMIN);
        assertThat(scope(HttpMethod.POST, "/v2/models/digits/infer")).isEqualTo(Scope.PREDICT);
        assertThat(scope(HttpMethod.POST, "/api/v1/training-jobs")).isEqualTo(Scope.TRAIN);
        assertThat(scope(HttpMethod.POST, "/api/v1/models")).isEqualTo(Scope.MANAGE);
        assertThat(scope(HttpMethod.GET, "/api/v1/models")).isEqualTo(Scope.PREDICT);
        assertThat(rules.ruleFor(HttpMethod.POST, "/api/v1/nothing-here")).hasValueSatisfying(rule -> {
            assertThat(rule.catchAll()).isTrue();
            assertThat(rule.scope()).isEqualTo(Scope.ADMIN);
        });
    }
}
