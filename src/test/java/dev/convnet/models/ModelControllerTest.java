package dev.convnet.models;

import dev.convnet.common.NotFoundException;
import dev.convnet.definition.DefinitionFormat;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.definition.InvalidDefinitionException;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ModelKind;
import dev.convnet.definition.ParsedDefinition;
import dev.convnet.definition.StoredModel;
import dev.convnet.definition.Violation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Web layer of the models resource: status codes, Location, content negotiation and problem documents. */
@dev.convnet.support.SecuredSlice
@WebMvcTest(ModelController.class)
class ModelControllerTest {

    /** The slice leaves out @ConfigurationProperties scanning; the request-size filter needs its settings. */
    @org.springframework.boot.test.context.TestConfiguration
    @org.springframework.boot.context.properties.EnableConfigurationProperties(dev.convnet.common.ConvnetProperties.class)
    static class Settings {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ModelDefinitionService models;

    private ModelEntry detector(UUID id) throws Exception {
        var document = JsonMapper.builder().build().readTree(getClass().getResourceAsStream("/presets/detector.json"));
        ParsedDefinition parsed = new DefinitionParser().parse(document);
        return new ModelEntry(new StoredModel(id, "detector", 1, ModelKind.DEFINITION, DefinitionFormat.NATIVE,
                document.toString(), 1L, Instant.parse("2026-01-01T00:00:00Z"), null), document, parsed.architecture());
    }

    @Test
    void createAnswers201WithLocationAndSummary() throws Exception {
        UUID id = UUID.randomUUID();
        given(models.create(any())).willReturn(detector(id));
        given(models.engineLayers(any())).willReturn(List.of());

        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content("{\"any\": 1}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/models/" + id))
                .andExpect(jsonPath("$.summary.totalParams").value(10))
                .andExpect(jsonPath("$.summary.layers[0].outputShape[1]").value(6))
                .andExpect(jsonPath("$.summary.layers[0].connectedTo").doesNotExist())
                .andExpect(jsonPath("$.loss").value("mean_squared_error"));
    }

    @Test
    void invalidDefinitionIsAProblemDocumentListingEveryViolation() throws Exception {
        given(models.create(any())).willThrow(new InvalidDefinitionException(List.of(
                Violation.layer(2, "dense", "units", "units must be a positive integer, got 0"),
                Violation.document("inputShape", "inputShape must be [height, width, channels]"))));

        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Invalid model definition"))
                .andExpect(jsonPath("$.errors[0].pointer").value("/layers/2/units"))
                .andExpect(jsonPath("$.errors[0].layerIndex").value(2))
                .andExpect(jsonPath("$.errors[1].field").value("inputShape"))
                .andExpect(jsonPath("$.detail").value("layer 2 field 'units': units must be a positive integer, got 0 (and 1 more)"));
    }

    @Test
    void summaryAsTextIsKerasTable() throws Exception {
        UUID id = UUID.randomUUID();
        given(models.get(id)).willReturn(detector(id));

        mvc.perform(get("/api/v1/models/" + id + "/summary").accept(MediaType.TEXT_PLAIN))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("conv2d (Conv2D)              (None, 6, 6, 1)           10")));
    }

    @Test
    void unknownModelIs404Problem() throws Exception {
        UUID id = UUID.randomUUID();
        willThrow(new NotFoundException("Model", id.toString())).given(models).delete(id);

        mvc.perform(delete("/api/v1/models/" + id))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Model not found"));
    }

    @Test
    void wrongMediaTypeIs415Problem() throws Exception {
        mvc.perform(post("/api/v1/models").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
