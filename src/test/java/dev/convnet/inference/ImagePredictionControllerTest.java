package dev.convnet.inference;

import dev.convnet.common.NotFoundException;
import dev.convnet.definition.InputShape;
import dev.convnet.image.ImageDecoder;
import dev.convnet.image.InputSpec;
import dev.convnet.image.InvalidImageException;
import dev.convnet.image.InvertMode;
import dev.convnet.image.ResizeMode;
import dev.convnet.models.ModelDefinitionService;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Web layer of image predictions: parameters, status codes, error bodies. */
@dev.convnet.support.SecuredSlice
@WebMvcTest(ImagePredictionController.class)
class ImagePredictionControllerTest {

    @org.springframework.boot.test.context.TestConfiguration
    @org.springframework.boot.context.properties.EnableConfigurationProperties(dev.convnet.common.ConvnetProperties.class)
    static class Settings {
    }

    private static final UUID ID = UUID.randomUUID();
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ImagePredictionService predictions;
    @MockitoBean
    InferenceManager manager;
    @MockitoBean
    ModelDefinitionService definitions;
    @MockitoBean
    ImageDecoder decoder;

    private final ServableModel model = new ServableModel(ID, "lenet5", 2, new InputShape(28, 28, 1), List.of(10), true,
            null, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            new InputSpec(28, 28, 1, ResizeMode.PAD, InvertMode.AUTO, 1 / 255.0), 64, null);

    @BeforeEach
    void model() {
        given(manager.describe(ID)).willReturn(model);
        given(decoder.maxBytes()).willReturn(1000L);
    }

    @Test
    void parametersReachTheServiceParsed() throws Exception {
        given(predictions.classify(any(), anyList(), anyInt(), any(), any())).willReturn(new PredictionsResponse(ID, "lenet5", 2,
                List.of(new ImagePrediction(null, List.of(new ClassScore(3, "3", 0.9f))))));
        mvc.perform(post("/api/v1/models/" + ID + "/predictions?topK=1&resize=centerCrop&invert=true")
                        .contentType("image/png").content(PNG))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions[0].top[0].className").value("3"))
                .andExpect(jsonPath("$.modelVersion").value(2));
        verify(predictions).classify(any(), anyList(), org.mockito.ArgumentMatchers.eq(1),
                org.mockito.ArgumentMatchers.eq(ResizeMode.CENTER_CROP), org.mockito.ArgumentMatchers.eq(InvertMode.ALWAYS));
    }

    @Test
    void unknownResizeOrInvertIs400NamingTheParameter() throws Exception {
        mvc.perform(post("/api/v1/models/" + ID + "/predictions?resize=squash").contentType("image/png").content(PNG))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("resize"))
                .andExpect(jsonPath("$.detail").value("resize must be one of [stretch, centerCrop, pad], was 'squash'"));
        mvc.perform(multipart("/api/v1/models/" + ID + "/predictions").file(new MockMultipartFile("files", PNG)).param("invert", "maybe"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("invert"));
        verify(predictions, never()).classify(any(), anyList(), anyInt(), any(), any());
    }

    @Test
    void topKMustBeANumber() throws Exception {
        mvc.perform(post("/api/v1/models/" + ID + "/predictions?topK=many").contentType("image/png").content(PNG))
                .andExpect(status().isBadRequest());
    }

    @Test
    void topKBelowOneIs400NamingTheParameterBeforeAnyImageIsRead() throws Exception {
        mvc.perform(post("/api/v1/models/" + ID + "/predictions?topK=0").contentType("image/png").content(PNG))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:bad-request"))
                .andExpect(jsonPath("$.field").value("topK"))
                .andExpect(jsonPath("$.detail").value("topK must be at least 1, was 0"));
        mvc.perform(multipart("/api/v1/models/" + ID + "/predictions").file(new MockMultipartFile("files", PNG)).param("topK", "-3"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("topK"));
        verify(predictions, never()).classify(any(), anyList(), anyInt(), any(), any());
    }

    @Test
    void bodyThatIsNotAnImageTypeIs415() throws Exception {
        mvc.perform(post("/api/v1/models/" + ID + "/predictions").contentType("text/plain").content("hi"))
                .andExpect(status().isUnsupportedMediaType());
    }

    @Test
    void sizeReasonsAre413AndOthers400WithTheReasonCode() throws Exception {
        given(predictions.classify(any(), anyList(), anyInt(), any(), any()))
                .willThrow(new InvalidImageException(InvalidImageException.Reason.TOO_MANY_PIXELS, "too many"))
                .willThrow(new InvalidImageException(InvalidImageException.Reason.TRUNCATED, "cut"));
        mvc.perform(post("/api/v1/models/" + ID + "/predictions").contentType("image/png").content(PNG))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.reason").value("TOO_MANY_PIXELS"));
        mvc.perform(post("/api/v1/models/" + ID + "/predictions").contentType("image/png").content(PNG))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("TRUNCATED"));
    }

    @Test
    void overloadIs503WithRetryAfter() throws Exception {
        given(predictions.classify(any(), anyList(), anyInt(), any(), any()))
                .willThrow(new InferenceOverloadedException("full", Duration.ofMillis(1500)));
        mvc.perform(post("/api/v1/models/" + ID + "/predictions").contentType("image/png").content(PNG))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"));
    }

    @Test
    void untrainedIs409AndTooManyFiles413() throws Exception {
        given(predictions.classify(any(), anyList(), anyInt(), any(), any()))
                .willThrow(new ModelNotServableException(ID, "never trained"))
                .willThrow(new TooManyFilesException(9, 8));
        mvc.perform(post("/api/v1/models/" + ID + "/predictions").contentType("image/png").content(PNG))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("never trained"));
        mvc.perform(post("/api/v1/models/" + ID + "/predictions").contentType("image/png").content(PNG))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.limit").value(8));
    }

    @Test
    void unknownVersionIs404() throws Exception {
        given(definitions.getByName("lenet5", 7)).willThrow(new NotFoundException("Model", "lenet5 version 7"));
        mvc.perform(post("/api/v1/models/by-name/lenet5/versions/7/predictions").contentType("image/png").content(PNG))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Model 'lenet5 version 7' does not exist"));
    }
}
