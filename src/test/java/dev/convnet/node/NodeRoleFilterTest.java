package dev.convnet.node;

import dev.convnet.common.ConvnetProperties;
import dev.convnet.security.SecurityConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The role filter in front of stand-in endpoints at real paths, for each combination of roles a deployment uses:
 * an endpoint of a missing role is a 404 naming the role to route to; health and metrics answer everywhere.
 */
@WebMvcTest(controllers = NodeRoleFilterTest.Endpoints.class, properties = "convnet.security.enabled=false")
@Import({SecurityConfiguration.class, NodeConfiguration.class, NodeRoleFilterTest.Endpoints.class,
        NodeRoleFilterTest.Settings.class})
class NodeRoleFilterTest {

    @TestConfiguration
    @EnableConfigurationProperties(ConvnetProperties.class)
    static class Settings {
    }

    /** A test component: only the tests nested here have no @Test of their own, so nothing else excludes it from scans. */
    @TestComponent
    @RestController
    static class Endpoints {
        @GetMapping({"/api/v1/models", "/v3/api-docs", "/actuator/health", "/actuator/prometheus", "/v2/models/digits"})
        String read() {
            return "{}";
        }

        @PostMapping({"/api/v1/models/{id}/predict", "/api/v1/models/by-name/{name}/versions/{version}/predictions",
                "/api/v1/training-jobs", "/v2/models/{name}/infer"})
        String write() {
            return "{}";
        }
    }

    @Autowired
    MockMvc mvc;

    @Nested
    class WithAllRolesByDefault {
        @Test
        void everyEndpointAnswers() throws Exception {
            answers(get("/api/v1/models"));
            answers(post("/api/v1/training-jobs"));
            answers(post("/api/v1/models/x/predict"));
            answers(post("/v2/models/digits/infer"));
            answers(get("/v3/api-docs"));
        }
    }

    @Nested
    @TestPropertySource(properties = "convnet.node.roles=training")
    class TrainingWorker {
        @Test
        void answersOnlyHealthAndMetrics() throws Exception {
            answers(get("/actuator/health"));
            answers(get("/actuator/prometheus"));
            refused(get("/api/v1/models"), "api");
            refused(post("/api/v1/training-jobs"), "api");
            refused(post("/api/v1/models/x/predict"), "serving");
            refused(get("/v3/api-docs"), "api");
            mvc.perform(post("/v2/models/digits/infer")).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.error", containsString("'serving'")));
        }
    }

    @Nested
    @TestPropertySource(properties = "convnet.node.roles=serving")
    class ServingReplica {
        @Test
        void predictsButDoesNotManage() throws Exception {
            answers(post("/api/v1/models/x/predict"));
            answers(post("/api/v1/models/by-name/digits/versions/2/predictions"));
            answers(get("/v2/models/digits"));
            answers(post("/v2/models/digits/infer"));
            answers(get("/v3/api-docs"));
            answers(get("/actuator/health"));
            refused(get("/api/v1/models"), "api");
            refused(post("/api/v1/training-jobs"), "api");
        }
    }

    @Nested
    @TestPropertySource(properties = "convnet.node.roles=api")
    class ManagementOnly {
        @Test
        void managesButDoesNotPredict() throws Exception {
            answers(get("/api/v1/models"));
            answers(post("/api/v1/training-jobs"));
            refused(post("/api/v1/models/x/predict"), "serving");
            refused(post("/api/v1/models/by-name/digits/versions/2/predictions"), "serving");
            mvc.perform(get("/v2/models/digits")).andExpect(status().isNotFound());
        }
    }

    @Nested
    @TestPropertySource(properties = "convnet.node.roles=api,serving")
    class FrontNode {
        @Test
        void managesAndPredicts() throws Exception {
            answers(get("/api/v1/models"));
            answers(post("/api/v1/models/x/predict"));
            answers(post("/v2/models/digits/infer"));
        }
    }

    private void answers(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        mvc.perform(request).andExpect(status().isOk());
    }

    private ResultActions refused(org.springframework.test.web.servlet.RequestBuilder request, String role)
            throws Exception {
        return mvc.perform(request)
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:" + NodeRoleFilter.PROBLEM_TYPE))
                .andExpect(jsonPath("$.requiredRoles[0]").value(role))
                .andExpect(jsonPath("$.detail", containsString("convnet.node.roles")));
    }
}
