package dev.convnet.security;

import dev.convnet.common.ConvnetProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The laptop switch: no credential checked, while a foreign page still cannot write. */
@WebMvcTest(controllers = SecurityFilterChainTest.Endpoints.class, properties = "convnet.security.enabled=false")
@Import({SecurityConfiguration.class, SecurityFilterChainTest.Endpoints.class, SecurityDisabledTest.Settings.class})
class SecurityDisabledTest {

    @TestConfiguration
    @EnableConfigurationProperties(ConvnetProperties.class)
    static class Settings {
    }

    @Autowired
    MockMvc mvc;

    @Test
    void everyCallPassesWithoutACredentialButForeignWritesAreStillRefused() throws Exception {
        mvc.perform(post("/api/v1/presets/detector/models")).andExpect(status().isOk());
        mvc.perform(post("/api/v1/presets/detector/models").header("Origin", "https://evil.example"))
                .andExpect(status().isForbidden());
    }
}
