package dev.convnet.models;

import dev.convnet.common.NotFoundException;
import dev.convnet.definition.DefinitionFormat;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ModelKind;
import dev.convnet.definition.ModelRepository;
import dev.convnet.definition.StoredModel;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Web layer of aliases, with the real alias rules behind it: names and versions are checked before anything is
 * written, refusals are problem documents naming the field, and a version without weights cannot be a target.
 */
@dev.convnet.support.SecuredSlice
@WebMvcTest({ModelAliasController.class, ModelController.class})
@Import(ModelAliases.class)
class ModelAliasControllerTest {

    @org.springframework.boot.test.context.TestConfiguration
    @org.springframework.boot.context.properties.EnableConfigurationProperties(dev.convnet.common.ConvnetProperties.class)
    static class Settings {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    private static final String ALIASES = "/api/v1/models/by-name/lenet5/aliases";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ModelDefinitionService definitions;

    @MockitoBean
    ModelRepository models;

    @MockitoBean
    ModelAliasRepository aliases;

    private ModelEntry lenet5(UUID id, int version) throws Exception {
        var document = JsonMapper.builder().build().readTree(getClass().getResourceAsStream("/presets/detector.json"));
        return new ModelEntry(new StoredModel(id, "lenet5", version, ModelKind.TRAINED, DefinitionFormat.NATIVE,
                document.toString(), 1L, Instant.parse("2026-01-01T00:00:00Z"), null), document,
                new DefinitionParser().parse(document).architecture());
    }

    /** Version {@code version} of lenet5 exists, with or without weights; its id. */
    private UUID givenVersion(int version, boolean hasWeights) throws Exception {
        UUID id = UUID.randomUUID();
        given(definitions.getByName("lenet5", version)).willReturn(lenet5(id, version));
        given(models.hasWeights(id)).willReturn(hasWeights);
        return id;
    }

    private ResultActions putAlias(String alias, String body) throws Exception {
        return mvc.perform(put(ALIASES + "/" + alias).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void pointingAtATrainedVersionStoresTheAliasAndAnswersIt() throws Exception {
        UUID id = givenVersion(3, true);

        putAlias("production", "{\"version\": 3}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.alias").value("production"))
                .andExpect(jsonPath("$.version").value(3))
                .andExpect(jsonPath("$.modelId").value(id.toString()));
        verify(aliases).point(org.mockito.ArgumentMatchers.eq("lenet5"), org.mockito.ArgumentMatchers.eq("production"),
                org.mockito.ArgumentMatchers.eq(id), any());
    }

    @Test
    void invalidAliasNamesAre400NamingTheAliasAndWriteNothing() throws Exception {
        for (String alias : new String[] {"Production", "prod ready", "a".repeat(65), "café"}) {
            putAlias(alias, "{\"version\": 3}")
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.field").value("alias"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("alias must be 1 to 64")));
        }
        verifyNoInteractions(aliases, definitions);
    }

    @Test
    void reservedAliasNamesAre400() throws Exception {
        for (String alias : new String[] {"latest", "v3", "v10"}) {
            putAlias(alias, "{\"version\": 3}")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.field").value("alias"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("reserved")));
        }
        givenVersion(3, true);
        putAlias("v3-candidate", "{\"version\": 3}").andExpect(status().isOk());
        verify(definitions).getByName("lenet5", 3);
    }

    @Test
    void missingOrNonPositiveVersionIs400NamingTheVersion() throws Exception {
        putAlias("production", "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("/version"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("version is required")));
        putAlias("production", "{\"version\": 0}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("/version"));
        verifyNoInteractions(aliases, definitions);
    }

    @Test
    void unknownVersionIs404() throws Exception {
        given(definitions.getByName("lenet5", 9)).willThrow(new NotFoundException("Model", "lenet5 version 9"));
        putAlias("production", "{\"version\": 9}")
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(aliases);
    }

    @Test
    void aVersionWithoutWeightsIs409AndTheAliasStaysAsItWas() throws Exception {
        givenVersion(4, false);

        putAlias("production", "{\"version\": 4}")
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:version-without-weights"))
                .andExpect(jsonPath("$.field").value("/version"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("version 4 has never been trained")));
        verify(aliases, never()).point(anyString(), anyString(), any(), any());
    }

    @Test
    void listingMapsEachAliasToItsVersion() throws Exception {
        given(aliases.versionsByAlias("lenet5")).willReturn(new java.util.TreeMap<>(Map.of("production", 3, "staging", 5)));
        mvc.perform(get(ALIASES))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("lenet5"))
                .andExpect(jsonPath("$.aliases.production").value(3))
                .andExpect(jsonPath("$.aliases.staging").value(5));

        given(definitions.getByName("nobody", null)).willThrow(new NotFoundException("Model", "nobody"));
        mvc.perform(get("/api/v1/models/by-name/nobody/aliases")).andExpect(status().isNotFound());
    }

    @Test
    void deletingAnAliasIs204AndAnAbsentOneIs404() throws Exception {
        given(aliases.remove("lenet5", "production")).willReturn(true);
        mvc.perform(delete(ALIASES + "/production")).andExpect(status().isNoContent());
        mvc.perform(delete(ALIASES + "/staging"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Alias 'staging' is not set on model 'lenet5'"));
        mvc.perform(delete(ALIASES + "/latest"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("alias"));
    }

    @Test
    void deletingAVersionThatAnAliasPointsAtIs409NamingTheAlias() throws Exception {
        UUID id = UUID.randomUUID();
        willThrow(new AliasedVersionException("lenet5", 3, List.of("production"))).given(definitions).delete(id);
        mvc.perform(delete("/api/v1/models/" + id))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.aliases[0]").value("production"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("alias production")));
    }

    @Test
    void modelViewsShowTheAliasesPointingAtThem() throws Exception {
        UUID id = UUID.randomUUID();
        given(definitions.get(id)).willReturn(lenet5(id, 3));
        given(definitions.aliasesOf(id)).willReturn(List.of("production"));
        given(definitions.list()).willReturn(List.of(lenet5(id, 3)));
        given(definitions.aliasesByModel()).willReturn(Map.of(id, List.of("production")));
        mvc.perform(get("/api/v1/models/" + id)).andExpect(jsonPath("$.aliases[0]").value("production"));
        mvc.perform(get("/api/v1/models")).andExpect(jsonPath("$[0].aliases[0]").value("production"));
    }
}
