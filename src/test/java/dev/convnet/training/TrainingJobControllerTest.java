package dev.convnet.training;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.ConvnetProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Web layer of training jobs: 202 with Location, problem documents naming the field, 409 for ended jobs. */
@dev.convnet.support.SecuredSlice
@WebMvcTest(TrainingJobController.class)
class TrainingJobControllerTest {

    @TestConfiguration
    @EnableConfigurationProperties(ConvnetProperties.class)
    static class Settings {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TrainingJobService jobs;

    @MockitoBean
    TrainingEvents events;

    private static TrainingJobView queued(UUID id) {
        return new TrainingJobView(id, TrainingJobState.QUEUED, UUID.randomUUID(), "lenet5", "mnist", 1, null, null, null,
                null, null, null, null, List.of(), null, null, null, false, Instant.parse("2026-01-01T00:00:00Z"), null, null, "anonymous", null);
    }

    @Test
    void submitAnswers202WithLocation() throws Exception {
        UUID id = UUID.randomUUID();
        given(jobs.submit(any(), any())).willReturn(queued(id));

        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": {\"preset\": \"lenet5\"}, \"dataset\": \"mnist\", \"epochs\": 1}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/v1/training-jobs/" + id))
                .andExpect(jsonPath("$.state").value("QUEUED"));
    }

    @Test
    void anInvalidJobIsAProblemNamingTheField() throws Exception {
        given(jobs.submit(any(), any())).willThrow(new BadRequestException("/batchSize", "batchSize must be in [1, 65536], got 0"));

        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content("{\"batchSize\": 0}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.field").value("/batchSize"))
                .andExpect(jsonPath("$.detail").value("batchSize must be in [1, 65536], got 0"));
    }

    @Test
    void aTypeMismatchInTheBodyIsA400NotA500() throws Exception {
        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content("{\"epochs\": \"many\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void cancellingAnEndedJobIsAConflict() throws Exception {
        UUID id = UUID.randomUUID();
        given(jobs.cancel(id)).willThrow(new JobFinishedException(id, TrainingJobState.SUCCEEDED));

        mvc.perform(post("/api/v1/training-jobs/" + id + "/cancel"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Training job already ended"));
    }
}
