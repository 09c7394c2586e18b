package dev.convnet.store;

import dev.convnet.engine.runtime.NativeLibraryUnavailableException;
import dev.convnet.models.ModelDefinitionService;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Web layer of model import: a platform without a native library answers 501, not 500. */
@dev.convnet.support.SecuredSlice
@WebMvcTest(ModelTransferController.class)
class ModelTransferControllerTest {

    @org.springframework.boot.test.context.TestConfiguration
    @org.springframework.boot.context.properties.EnableConfigurationProperties(dev.convnet.common.ConvnetProperties.class)
    static class Settings {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ModelTransferService transfers;

    @MockitoBean
    ModelDefinitionService definitions;

    @Test
    void aKerasFileOnAPlatformWithoutHdf5Answers501WithWhatToDoInstead() throws Exception {
        given(transfers.importModel(any(), any(), any(), any())).willThrow(new NativeLibraryUnavailableException(
                "Keras HDF5 import", "POST model.to_json() instead", new UnsatisfiedLinkError("no jnihdf5")));

        mvc.perform(multipart("/api/v1/models/import").file(new MockMultipartFile("file", "m.h5", null, new byte[] {1, 2})))
                .andExpect(status().isNotImplemented())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.title").value("Not available on this platform"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("Keras HDF5 import needs a native library")));
    }
}
