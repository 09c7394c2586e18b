package dev.convnet.experiment;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.ConvnetProperties;
import dev.convnet.training.TrainingJobRequest;
import dev.convnet.training.TrainingJobService;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An experiment is refused whole, before anything is stored, with a problem document naming the field and, when a
 * variant's job would be refused, the variant: binding, constraints, budget and the training planner's own checks.
 */
@dev.convnet.support.SecuredSlice
@WebMvcTest(ExperimentController.class)
@Import({ExperimentService.class, VariantValidator.class, DatasetFitting.class})
class ExperimentValidationTest {

    @TestConfiguration
    @EnableConfigurationProperties({ConvnetProperties.class, ExperimentProperties.class})
    static class Settings {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    private static final String BASE = """
            "base": {"model": {"preset": "lenet5"}, "dataset": "mnist", "epochs": 2,
                     "optimizer": {"type": "sgd", "learningRate": 0.01}}""";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TrainingJobService jobs;
    @MockitoBean
    dev.convnet.dataset.DatasetCatalog datasets;
    @MockitoBean
    ExperimentRepository repository;
    @MockitoBean
    ExperimentSnapshots snapshots;
    @MockitoBean
    TransactionTemplate transactions;
    @MockitoBean
    ExperimentReports reports;
    @MockitoBean
    ExperimentEvents events;

    @BeforeEach
    void cifarDoesNotFitLenet() {
        doThrow(new BadRequestException("/model", "the model's input shape [28, 28, 1] does not fit dataset 'cifar-10'"))
                .when(jobs).check(argThat((TrainingJobRequest job) -> job != null && "cifar-10".equals(job.dataset())));
    }

    private ResultActions create(String fields) throws Exception {
        return mvc.perform(post("/api/v1/experiments").contentType(MediaType.APPLICATION_JSON).content("{" + BASE + fields + "}"));
    }

    private void nothingStored() {
        verify(repository, never()).insert(any(), any(), any());
    }

    @Test
    void aVariantOutsideAFieldsConstraintIsNamedWithTheField() throws Exception {
        create(", \"variants\": [{\"name\": \"base\"}, {\"name\": \"too-much-momentum\", \"patch\": {\"optimizer\": {\"momentum\": 1.5}}}]")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:invalid-variant"))
                .andExpect(jsonPath("$.variant").value("too-much-momentum"))
                .andExpect(jsonPath("$.field").value("/optimizer/momentum"))
                .andExpect(jsonPath("$.detail").value("variant 'too-much-momentum': optimizer.momentum must be in [0, 1), got 1.5"));
        nothingStored();
    }

    @Test
    void aVariantThePlannerRefusesIsNamedWithThePlannersField() throws Exception {
        create(", \"grid\": [{\"field\": \"dataset\", \"values\": [\"mnist\", \"cifar-10\"]}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.variant").value("dataset=cifar-10"))
                .andExpect(jsonPath("$.field").value("/model"))
                .andExpect(jsonPath("$.detail").value("variant 'dataset=cifar-10': the model's input shape [28, 28, 1] "
                        + "does not fit dataset 'cifar-10'"));
        nothingStored();
    }

    @Test
    void aVariantWhoseJobDoesNotBindIsNamedWithTheField() throws Exception {
        create(", \"variants\": [{\"name\": \"words\", \"patch\": {\"epochs\": \"many\"}}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.variant").value("words"))
                .andExpect(jsonPath("$.field").value("/epochs"));
        nothingStored();
    }

    @Test
    void aVariantOverTheEpochBudgetIsRefused() throws Exception {
        create(", \"variants\": [{\"name\": \"long\", \"patch\": {\"epochs\": 50}}], \"budget\": {\"maxEpochsPerRun\": 10}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.variant").value("long"))
                .andExpect(jsonPath("$.field").value("/epochs"))
                .andExpect(jsonPath("$.detail").value("variant 'long': epochs 50 is over the experiment's budget "
                        + "(budget.maxEpochsPerRun = 10)"));
        nothingStored();
    }

    @Test
    void experimentLevelMistakesNameTheirField() throws Exception {
        create("").andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("/variants"));
        create(", \"variants\": [{\"name\": \"a\"}], \"seeds\": 0")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("/seeds"));
        create(", \"variants\": [{\"name\": \"a\"}], \"baseline\": \"b\"")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("/baseline"))
                .andExpect(jsonPath("$.detail").value("baseline 'b' is not a variant; one of: a"));
        create(", \"variants\": [{\"name\": \"a\"}], \"maxParallelRuns\": 0")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("/maxParallelRuns"));
        create(", \"variants\": [{\"name\": \"a\"}], \"budget\": {\"maxWallTime\": \"PT0S\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("/budget/maxWallTime"));
        create(", \"grid\": [{\"field\": \"epochs\", \"values\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, "
                + "25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, "
                + "52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65]}]")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("/grid"));
        nothingStored();
    }
}
