package dev.convnet.training;

import dev.convnet.common.ConvnetProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The request's constraints refuse a job before the service sees it, with the problem document the service's
 * own checks write: type bad-request, the field as a JSON pointer, the detail naming the field and the value.
 */
@dev.convnet.support.SecuredSlice
@WebMvcTest(TrainingJobController.class)
class TrainingJobRequestValidationTest {

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

    private ResultActions submit(String fields) throws Exception {
        return mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"model\": {\"preset\": \"lenet5\"}" + fields + "}"));
    }

    @Test
    void anEpochCountOutOfRangeIs400NamingTheField() throws Exception {
        submit(", \"dataset\": \"mnist\", \"epochs\": 0")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:bad-request"))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.field").value("/epochs"))
                .andExpect(jsonPath("$.detail").value("epochs must be in [1, 10000], got 0"));
        verify(jobs, never()).submit(any(), any());
    }

    @Test
    void aNestedFieldIsNamedByItsPointer() throws Exception {
        submit(", \"dataset\": \"mnist\", \"optimizer\": {\"type\": \"sgd\", \"momentum\": 1.5}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("/optimizer/momentum"))
                .andExpect(jsonPath("$.detail").value("optimizer.momentum must be in [0, 1), got 1.5"));
        verify(jobs, never()).submit(any(), any());
    }

    @Test
    void aMissingDatasetSaysWhatToName() throws Exception {
        submit("")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("/dataset"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("dataset is required: a built-in")));
    }

    @Test
    void everyViolationIsListedAndTheFirstByFieldIsNamed() throws Exception {
        submit(", \"dataset\": \" \", \"batchSize\": 70000, \"earlyStopping\": {\"patience\": -1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("/batchSize"))
                .andExpect(jsonPath("$.errors", hasSize(3)))
                .andExpect(jsonPath("$.errors[1].field").value("/dataset"))
                .andExpect(jsonPath("$.errors[2].field").value("/earlyStopping/patience"))
                .andExpect(jsonPath("$.errors[2].detail").value("earlyStopping.patience must be in [0, 10000], got -1"));
    }

    @Test
    void labelSmoothingAndTheCropAndCutoutFieldsAreCheckedByName() throws Exception {
        submit(", \"dataset\": \"mnist\", \"labelSmoothing\": 1.0")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("/labelSmoothing"))
                .andExpect(jsonPath("$.detail").value("labelSmoothing must be in [0, 1), got 1.0"));
        submit(", \"dataset\": \"mnist\", \"augmentation\": {\"cropPadding\": -1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("/augmentation/cropPadding"))
                .andExpect(jsonPath("$.detail").value("augmentation.cropPadding must be in [0, 4096] pixels, got -1"));
        submit(", \"dataset\": \"mnist\", \"augmentation\": {\"cutoutSize\": 4, \"cutoutProbability\": 1.2}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("/augmentation/cutoutProbability"))
                .andExpect(jsonPath("$.detail").value("augmentation.cutoutProbability must be in [0, 1], got 1.2"));
        verify(jobs, never()).submit(any(), any());
    }

    @Test
    void aTrainingSubsetOfNoImagesIsRefusedByName() throws Exception {
        submit(", \"dataset\": \"mnist\", \"trainImages\": 0")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("/trainImages"))
                .andExpect(jsonPath("$.detail").value("trainImages must be at least 1, got 0"));
        submit(", \"dataset\": \"mnist\", \"testImages\": -5")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("/testImages"))
                .andExpect(jsonPath("$.detail").value("testImages must be at least 1, got -5"));
        verify(jobs, never()).submit(any(), any());
    }
}
