package dev.convnet.dataset;

import dev.convnet.common.ConvnetProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Registration requests refused field by field before the registrar sees them, and its refusals as problems. */
@dev.convnet.support.SecuredSlice
@WebMvcTest(FolderDatasetController.class)
class FolderDatasetControllerTest {

    @TestConfiguration
    @EnableConfigurationProperties(ConvnetProperties.class)
    static class Settings {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    FolderDatasetRegistrar registrar;

    private ResultActions register(String json) throws Exception {
        return mvc.perform(post("/api/v1/datasets/folders").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private ResultActions refusedField(String json, String field) throws Exception {
        ResultActions result = register(json)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:bad-request"))
                .andExpect(jsonPath("$.field").value(field));
        verify(registrar, never()).register(any());
        return result;
    }

    @Test
    void aMissingNameIsRefusedNamingIt() throws Exception {
        refusedField("""
                {"path": "/srv/images/a", "height": 32, "width": 32}""", "/name")
                .andExpect(jsonPath("$.detail").value("name is required"));
    }

    @Test
    void aNameWithCapitalsOrSlashesIsRefusedNamingIt() throws Exception {
        refusedField("""
                {"name": "../Etc", "path": "/srv/images/a", "height": 32, "width": 32}""", "/name")
                .andExpect(jsonPath("$.detail").value(startsWith("name must be 1 to 64 lower-case letters")));
    }

    @Test
    void aMissingPathIsRefusedNamingIt() throws Exception {
        refusedField("""
                {"name": "pets", "path": " ", "height": 32, "width": 32}""", "/path")
                .andExpect(jsonPath("$.detail").value("path is required: the folder's absolute path"));
    }

    @Test
    void anImageSideOutOfRangeIsRefusedNamingIt() throws Exception {
        refusedField("""
                {"name": "pets", "path": "/srv/images/a", "height": 0, "width": 32}""", "/height")
                .andExpect(jsonPath("$.detail").value("height must be in [1, 4096], got 0"));
        refusedField("""
                {"name": "pets", "path": "/srv/images/a", "height": 32, "width": 5000}""", "/width")
                .andExpect(jsonPath("$.detail").value("width must be in [1, 4096], got 5000"));
    }

    @Test
    void aMissingWidthAndBadChannelsAreAllListed() throws Exception {
        refusedField("""
                {"name": "pets", "path": "/srv/images/a", "height": 32, "channels": 4}""", "/channels")
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("/channels", "/width")));
    }

    @Test
    void aValidRequestIsRegisteredWithItsLocation() throws Exception {
        when(registrar.register(any())).thenReturn(new DatasetInfo("pets", DatasetSource.FOLDER,
                "streamed from a folder of images", List.of(new DatasetClass(0, "cat"), new DatasetClass(1, "dog")),
                new ImageShape(32, 32, 3), 10, 2, true, false, null));
        register("""
                {"name": "pets", "path": "/srv/images/a", "height": 32, "width": 32}""")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/datasets/pets"))
                .andExpect(jsonPath("$.source").value("FOLDER"))
                .andExpect(jsonPath("$.trainSize").value(10));
        verify(registrar).register(new FolderRegistrationRequest("pets", "/srv/images/a", 32, 32, null));
    }

    @Test
    void theRegistrarsRefusalsAreProblemDocumentsNamingTheField() throws Exception {
        String request = """
                {"name": "pets", "path": "/etc", "height": 32, "width": 32}""";
        doThrow(new FolderRegistrationException(
                FolderRegistrationException.Kind.NOT_ALLOWED, "/path", "path '/etc' is not under one of the folders")).when(registrar).register(any());
        register(request).andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:folder-not-allowed"))
                .andExpect(jsonPath("$.field").value("/path"));

        doThrow(new FolderRegistrationException(
                FolderRegistrationException.Kind.DISABLED, null, "Registering folders is disabled")).when(registrar).register(any());
        register(request).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:folder-registration-disabled"));

        doThrow(new FolderRegistrationException(
                FolderRegistrationException.Kind.INVALID, "/path", "path '/srv' has no train/ folder")).when(registrar).register(any());
        register(request).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:invalid-folder-dataset"))
                .andExpect(jsonPath("$.field").value("/path"));

        doThrow(new DatasetAlreadyExistsException("pets", "/name")).when(registrar).register(any());
        register(request).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:dataset-exists"))
                .andExpect(jsonPath("$.field").value("/name"));
    }

    @Test
    void unregisteringAnswers204OrSaysWhyNot() throws Exception {
        mvc.perform(delete("/api/v1/datasets/folders/pets")).andExpect(status().isNoContent());
        verify(registrar).unregister("pets");

        doThrow(new FolderRegistrationException(FolderRegistrationException.Kind.NOT_REGISTERED, "name", "built-in"))
                .when(registrar).unregister("mnist");
        mvc.perform(delete("/api/v1/datasets/folders/mnist")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:not-a-registered-folder"));

        doThrow(new DatasetNotFoundException("nope")).when(registrar).unregister("nope");
        mvc.perform(delete("/api/v1/datasets/folders/nope")).andExpect(status().isNotFound());
    }
}
