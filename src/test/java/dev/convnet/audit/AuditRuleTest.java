package dev.convnet.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AuditRuleTest {

    @ParameterizedTest(name = "{0} {1} ({2}) audited: {3}")
    @CsvSource(nullValues = "-", value = {
            "POST,   /api/v1/models,                                   /api/v1/models,                             true",
            "PUT,    /api/v1/models/m1/weights,                        /api/v1/models/{id}/weights,                true",
            "DELETE, /api/v1/models/m1,                                /api/v1/models/{id},                        true",
            "PUT,    /api/v1/models/by-name/lenet5/aliases/production, /api/v1/models/by-name/{name}/aliases/{alias}, true",
            "POST,   /api/v1/training-jobs/j1/cancel,                  /api/v1/training-jobs/{id}/cancel,          true",
            "POST,   /api/v1/datasets,                                 /api/v1/datasets,                           true",
            "POST,   /api/v1/models/m1/evaluation,                     /api/v1/models/{id}/evaluation,             true",
            "PATCH,  /api/v1/models/m1,                                -,                                          true",
            "POST,   /api/v1/models/m1/predict,                        /api/v1/models/{id}/predict,                false",
            "POST,   /api/v1/models/m1/predictions,                    /api/v1/models/{id}/predictions,            false",
            "POST,   /api/v1/models/by-name/lenet5/versions/2/predictions, /api/v1/models/by-name/{name}/versions/{version}/predictions, false",
            "POST,   /v2/models/lenet5/infer,                          /v2/models/{name}/infer,                    false",
            "POST,   /v2/models/lenet5/versions/1/infer,               /v2/models/{name}/versions/{version}/infer, false",
            "GET,    /api/v1/models,                                   /api/v1/models,                             false",
            "HEAD,   /api/v1/models,                                   /api/v1/models,                             false",
            "OPTIONS, /api/v1/models,                                  /api/v1/models,                             false",
            "POST,   /actuator/shutdown,                               /actuator/shutdown,                         false",
    })
    void auditsStateChangingMethodsUnderTheApiExceptPredictions(String method, String path, String route, boolean audited) {
        assertThat(AuditRule.isAudited(method, path, route)).isEqualTo(audited);
    }

    @Test
    void theRouteDecidesSoAModelNamedLikeAComputationIsStillAudited() {
        assertThat(AuditRule.isAudited("DELETE", "/api/v1/models/by-name/predict/aliases/infer",
                "/api/v1/models/by-name/{name}/aliases/{alias}")).isTrue();
    }

    @Test
    void aCreationsTargetIsTheResourceItsLocationNames() {
        assertThat(AuditRule.target(Map.of(), "http://localhost:8080/api/v1/models/3f1c4a9e")).isEqualTo("3f1c4a9e");
        assertThat(AuditRule.target(Map.of(), "/api/v1/datasets/leftright/")).isEqualTo("leftright");
        assertThat(AuditRule.target(Map.of("presetId", "detector"), "/api/v1/models/m9"))
                .as("the created model, not the preset it came from").isEqualTo("m9");
    }

    @Test
    void otherwiseTheRoutesPathVariablesInRouteOrder() {
        Map<String, String> alias = new LinkedHashMap<>();
        alias.put("name", "lenet5");
        alias.put("alias", "production");
        assertThat(AuditRule.target(alias, null)).isEqualTo("lenet5/production");
        assertThat(AuditRule.target(Map.of("id", "j1"), "")).isEqualTo("j1");
        assertThat(AuditRule.target(Map.of("id", "j1"), "http://[bad")).as("an unusable Location").isEqualTo("j1");
    }

    @Test
    void aCallNamingNothingHasNoTarget() {
        assertThat(AuditRule.target(Map.of(), null)).isNull();
        assertThat(AuditRule.target(null, null)).isNull();
    }
}
