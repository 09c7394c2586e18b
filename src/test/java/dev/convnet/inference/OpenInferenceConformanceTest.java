package dev.convnet.inference;

import dev.convnet.common.LimitExceededException;
import dev.convnet.common.NotFoundException;
import dev.convnet.common.Tensor;
import dev.convnet.definition.DefinitionFormat;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ModelKind;
import dev.convnet.definition.ModelRepository;
import dev.convnet.definition.StoredModel;
import dev.convnet.image.InputSpec;
import dev.convnet.image.InvertMode;
import dev.convnet.image.ResizeMode;
import dev.convnet.models.ModelDefinitionService;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static dev.convnet.inference.OpenInferenceSchemas.assertConforms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Every /v2 answer, success or error, validated against the Open Inference Protocol's JSON schemas, with the
 * service's models replaced by three stand-ins: a trained classifier (lenet5, v1 untrained, v2 and v3 trained), the
 * hand-set vertical-line detector (raw output, not probabilities) and a model that was never trained.
 */
@dev.convnet.support.SecuredSlice
@WebMvcTest(OpenInferenceController.class)
@Import({OpenInferenceModels.class, InferInputReader.class, OpenInferenceRouteErrors.class})
class OpenInferenceConformanceTest {

    @org.springframework.boot.test.context.TestConfiguration
    @org.springframework.boot.context.properties.EnableConfigurationProperties(dev.convnet.common.ConvnetProperties.class)
    static class Settings {
    }

    private static final String UNTRAINED = "Model 'fresh' version 1 has never been trained";

    @Autowired
    MockMvc mvc;
    @Autowired
    ObjectMapper json;
    @MockitoBean
    ModelDefinitionService definitions;
    @MockitoBean
    ModelRepository repository;
    @MockitoBean
    ServableModelDescriber servable;
    @MockitoBean
    InferenceManager manager;
    @MockitoBean
    ImagePredictionService images;

    private final StoredModel lenet1 = stored("lenet5", 1, ModelKind.DEFINITION);
    private final StoredModel lenet2 = stored("lenet5", 2, ModelKind.TRAINED);
    private final StoredModel lenet3 = stored("lenet5", 3, ModelKind.TRAINED);
    private final StoredModel detector = stored("detector", 1, ModelKind.DEFINITION);
    private final StoredModel fresh = stored("fresh", 1, ModelKind.DEFINITION);

    @BeforeEach
    void models() {
        serve(lenet1, classifier(lenet1, "Model 'lenet5' version 1 has never been trained"), false);
        serve(lenet2, classifier(lenet2, null), true);
        serve(lenet3, classifier(lenet3, null), true);
        given(definitions.getServing("lenet5")).willReturn(new ModelEntry(lenet3, null, null));
        serve(detector, new ServableModel(detector.id(), "detector", 1, new InputShape(8, 8, 1), List.of(1), false,
                "not a classifier", List.of(), spec(8), 64, null), true);
        given(definitions.getServing("detector")).willReturn(new ModelEntry(detector, null, null));
        serve(fresh, classifier(fresh, UNTRAINED), false);
        given(definitions.getServing("fresh")).willThrow(new NotFoundException("Model", "fresh",
                "has no version with weights to serve: train it or set a version's weights, or name a version"));
        given(repository.findByName("lenet5")).willReturn(List.of(lenet1, lenet2, lenet3));
        given(repository.findByName("detector")).willReturn(List.of(detector));
        given(repository.findByName("fresh")).willReturn(List.of(fresh));
        given(definitions.getServing("nobody")).willThrow(new NotFoundException("Model", "nobody"));
        given(definitions.getByName("lenet5", 9)).willThrow(new NotFoundException("Model", "lenet5 version 9"));
        // the model runs as the network would: one row of outputs per input row
        given(manager.submit(any(), any())).willAnswer(call -> {
            Tensor inputs = call.getArgument(1);
            ServableModel model = List.of(lenet2, lenet3, detector).stream().filter(m -> m.id().equals(call.getArgument(0)))
                    .findFirst().map(m -> servable.describe(new ModelEntry(m, null, null))).orElseThrow();
            int rows = inputs.shape()[0];
            int width = model.outputSize();
            float[] data = new float[rows * width];
            for (int i = 0; i < data.length; i++) {
                data[i] = (i % width) / (float) width;
            }
            int[] shape = IntStream.concat(IntStream.of(rows), model.outputShape().stream().mapToInt(Integer::intValue)).toArray();
            return CompletableFuture.completedFuture(new Tensor(shape, data));
        });
        given(manager.await(any())).willAnswer(call -> call.<CompletableFuture<Tensor>>getArgument(0).join());
    }

    @Test
    void serverMetadataAndHealth() throws Exception {
        JsonNode metadata = ok(get("/v2"), "metadata_server_response");
        assertThat(metadata.get("name").stringValue()).isEqualTo("convnet-service");
        assertThat(metadata.get("extensions").isEmpty()).isTrue();
        assertThat(ok(get("/v2/"), "metadata_server_response")).isEqualTo(metadata);
        assertThat(ok(get("/v2/health/live"), "live_server_response").get("live").booleanValue()).isTrue();
        assertThat(ok(get("/v2/health/ready"), "ready_server_response").get("ready").booleanValue()).isTrue();
    }

    @Test
    void modelMetadataListsEveryVersionThatCanServe() throws Exception {
        JsonNode metadata = ok(get("/v2/models/lenet5"), "metadata_model_response");
        assertThat(metadata.get("versions").toString()).isEqualTo("[\"2\",\"3\"]");
        assertThat(metadata.at("/inputs/0").toString()).isEqualTo("{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,28,28,1]}");
        assertThat(metadata.at("/outputs/0").toString())
                .isEqualTo("{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,10]}");
        assertThat(ok(get("/v2/models/lenet5/versions/2"), "metadata_model_response").get("versions"))
                .isEqualTo(metadata.get("versions"));
        JsonNode ready = ok(get("/v2/models/lenet5/ready"), "ready_model_response");
        assertThat(ready.get("ready").booleanValue()).isTrue();
        assertThat(ready.has("error")).isFalse();
        assertThat(ok(get("/v2/models/lenet5/versions/2/ready"), "ready_model_response").get("name").stringValue())
                .isEqualTo("lenet5");
    }

    @Test
    void anUntrainedVersionIsNotReadyAndCannotInfer() throws Exception {
        JsonNode notReady = error(get("/v2/models/fresh/versions/1/ready"), 400, "never been trained");
        assertConforms("ready_model_response", notReady);
        assertThat(notReady.get("ready").booleanValue()).isFalse();
        assertThat(error(get("/v2/models/lenet5/versions/1/ready"), 400, "version 1").get("ready").booleanValue()).isFalse();
        error(infer("fresh/versions/1", fp32(28, null)), 400, "never been trained");
        // by name alone, a model without a trained version has nothing to serve
        error(get("/v2/models/fresh/ready"), 404, "no version with weights");
        error(infer("fresh", fp32(28, null)), 404, "no version with weights");
        assertThat(ok(get("/v2/models/fresh/versions/1"), "metadata_model_response").get("versions").isEmpty()).isTrue();
    }

    @Test
    void idIsEchoedWhenGivenAndLeftOutWhenNot() throws Exception {
        JsonNode withoutId = ok(infer("lenet5", fp32(28, null)), "inference_response");
        assertThat(withoutId.has("id")).isFalse();
        assertThat(withoutId.has("parameters")).isFalse();
        assertThat(withoutId.get("model_version").stringValue()).isEqualTo("3");
        assertThat(withoutId.at("/outputs/0/shape").toString()).isEqualTo("[1,10]");
        assertThat(withoutId.at("/outputs/0/data").size()).isEqualTo(10);
        JsonNode withId = ok(infer("lenet5", fp32(28, "\"id\": \"r-42\",")), "inference_response");
        assertThat(withId.get("id").stringValue()).isEqualTo("r-42");
    }

    @Test
    void uint8IsScaledAsInTrainingAndParametersComeBack() throws Exception {
        String data = IntStream.range(0, 2 * 784).mapToObj(i -> i % 2 == 0 ? "255" : "0").reduce((a, b) -> a + "," + b).orElseThrow();
        JsonNode response = ok(infer("lenet5/versions/2", """
                {"parameters": {"priority": 2, "tag": "a", "urgent": true},
                 "inputs": [{"name": "input", "shape": [2, 28, 28, 1], "datatype": "UINT8", "parameters": {"note": "x"},
                             "data": [%s]}],
                 "outputs": [{"name": "probabilities", "parameters": {"binary_data": false}}]}""".formatted(data)),
                "inference_response");
        assertThat(response.get("parameters").toString()).isEqualTo("{\"priority\":2,\"tag\":\"a\",\"urgent\":true}");
        assertThat(response.at("/outputs/0/parameters").toString()).isEqualTo("{\"binary_data\":false}");
        assertThat(response.get("model_version").stringValue()).isEqualTo("2");
        assertThat(response.at("/outputs/0/shape").toString()).isEqualTo("[2,10]");
        ArgumentCaptor<Tensor> sent = ArgumentCaptor.forClass(Tensor.class);
        verify(manager).submit(eq(lenet2.id()), sent.capture());
        assertThat(sent.getValue().shape()).containsExactly(2, 28, 28, 1);
        assertThat(sent.getValue().data()[0]).isEqualTo(1f);
        assertThat(sent.getValue().data()[1]).isEqualTo(0f);
    }

    @Test
    void bytesAreImagesPreprocessedWithTheInputsParameters() throws Exception {
        given(images.preprocess(any(), anyList(), any(), any())).willReturn(new Tensor(new int[] {1, 28, 28, 1}, new float[784]));
        JsonNode response = ok(infer("lenet5", OpenInferenceController.IMAGE_EXAMPLE.replace("\"data\"",
                "\"parameters\": {\"resize\": \"stretch\", \"invert\": \"false\"}, \"data\"")), "inference_response");
        assertThat(response.get("id").stringValue()).isEqualTo("try-1");
        verify(images).preprocess(any(), anyList(), eq(ResizeMode.STRETCH), eq(InvertMode.NEVER));
        error(infer("lenet5", OpenInferenceController.IMAGE_EXAMPLE.replace("\"data\"",
                "\"parameters\": {\"resize\": \"sideways\"}, \"data\"")), 400, "resize");
    }

    @Test
    void theSwaggerExamplesAreValidRequestsThatWork() throws Exception {
        assertConforms("inference_request", json.readTree(OpenInferenceController.IMAGE_EXAMPLE));
        assertConforms("inference_request", json.readTree(OpenInferenceController.DETECTOR_EXAMPLE));
        JsonNode detected = ok(infer("detector", OpenInferenceController.DETECTOR_EXAMPLE), "inference_response");
        assertThat(detected.at("/outputs/0/name").stringValue()).isEqualTo("output");
    }

    /** What the metadata advertises is what infer returns: name, datatype and shape (but for the batch). */
    @ParameterizedTest
    @CsvSource({"lenet5, 28", "detector, 8"})
    void metadataAdvertisesTheOutputInferReturns(String name, int side) throws Exception {
        JsonNode advertised = ok(get("/v2/models/" + name), "metadata_model_response").at("/outputs/0");
        String request = fp32(side, null).replace("]}]}", "]}], \"outputs\": [{\"name\": \"" + advertised.get("name").stringValue() + "\"}]}");
        JsonNode returned = ok(infer(name, request), "inference_response").at("/outputs/0");
        assertThat(returned.get("name")).isEqualTo(advertised.get("name"));
        assertThat(returned.get("datatype")).isEqualTo(advertised.get("datatype"));
        assertThat(returned.get("shape").size()).isEqualTo(advertised.get("shape").size());
        for (int i = 1; i < returned.get("shape").size(); i++) {
            assertThat(returned.get("shape").get(i)).isEqualTo(advertised.get("shape").get(i));
        }
    }

    @Test
    void inputsAreValidatedAsTheProtocolWordsIt() throws Exception {
        error(infer("lenet5", fp32(28, null).replace("\"input\"", "\"pixels\"")), 400, "'pixels'");
        error(infer("lenet5", fp32(28, null).replace("FP32", "INT64")), 400, "datatype");
        error(infer("lenet5", fp32(28, null).replace("[1, 28, 28, 1]", "[2, 28, 28, 1]")), 400, "1568");
        error(infer("lenet5", fp32(8, null)), 400, "[batch, 28, 28, 1]");
        error(infer("lenet5", fp32(28, null).replace("[1, 28, 28, 1]", "[1, 28, 28, 1.5]")), 400, "shape");
        error(infer("lenet5", fp32(28, null).replace("[1, 28, 28, 1]", "[1, -28, -28, 1]")), 400, "shape");
        error(infer("lenet5", "{\"inputs\": []}"), 400, "exactly one");
        error(infer("lenet5", "{}"), 400, "exactly one");
        error(infer("lenet5", fp32(28, "\"parameters\": {\"nested\": {\"a\": 1}},")), 400, "parameters.nested");
        error(infer("lenet5", "{\"inputs\": \"all of them\"}"), 400, "'inputs'");
        error(infer("lenet5", fp32(28, null).replace("]}]}", "]}], \"outputs\": [{\"name\": \"logits\"}]}")), 400, "'logits'");
        error(infer("detector", fp32(8, null).replace("]}]}", "]}], \"outputs\": [{\"name\": \"probabilities\"}]}")), 400,
                "'probabilities'");
        error(infer("lenet5", "{not json"), 400, "not valid JSON");
        error(infer("lenet5", "[1, 2]"), 400, "inference request object");
        error(infer("lenet5", "null"), 400, "no body");
        error(post("/v2/models/lenet5/infer").contentType("application/json"), 400, "no body");
    }

    @Test
    void unknownModelsVersionsAndRoutesAre404() throws Exception {
        error(infer("nobody", fp32(28, null)), 404, "'nobody' does not exist");
        error(get("/v2/models/nobody"), 404, "does not exist");
        error(get("/v2/models/nobody/ready"), 404, "does not exist");
        error(get("/v2/models/lenet5/versions/9"), 404, "version 9");
        error(get("/v2/models/lenet5/versions/latest/ready"), 404, "version latest");
        error(get("/v2/nothing/here"), 404, "/v2/nothing/here");
        error(post("/v2/models/lenet5/infer/now").contentType("application/json").content("{}"), 404, "no Open Inference endpoint");
    }

    @Test
    void wrongMethodIs405AndWrongMediaType415() throws Exception {
        MockHttpServletResponse response = exchange(request(HttpMethod.DELETE, "/v2/models/lenet5"));
        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeader("Allow")).contains("GET");
        assertConforms("error_response", json.readTree(response.getContentAsString()));
        error(get("/v2/models/lenet5/infer"), 405, "GET");
        error(post("/v2/models/lenet5/infer").contentType("text/plain").content("hello"), 415, "text/plain");
    }

    @Test
    void failuresOfTheServiceKeepTheProtocolsErrorBody() throws Exception {
        willThrow(new LimitExceededException("/inputs", 99, 64, "convnet.limits.memory-budget", "send at most 64"))
                .willThrow(new InferenceOverloadedException("queue full", Duration.ofSeconds(3)))
                .willThrow(new IllegalStateException("a bug"))
                .given(manager).submit(eq(lenet3.id()), any());
        error(infer("lenet5", fp32(28, null)), 413, "at most 64");
        MockHttpServletResponse overloaded = exchange(infer("lenet5", fp32(28, null)));
        assertThat(overloaded.getStatus()).isEqualTo(503);
        assertThat(overloaded.getHeader("Retry-After")).isEqualTo("3");
        assertConforms("error_response", json.readTree(overloaded.getContentAsString()));
        error(infer("lenet5", fp32(28, null)), 500, "the log has the details");
    }

    @Test
    void pathsOutsideTheProtocolKeepProblemDocuments() throws Exception {
        MockHttpServletResponse response = exchange(get("/api/v1/nothing"));
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(OpenInferenceSchemas.violations("error_response", json.readTree(response.getContentAsString()))).isNotEmpty();
    }

    @Test
    void theSchemasRejectWhatTheProtocolForbids() {
        assertThat(OpenInferenceSchemas.violations("inference_response", json.readTree(
                "{\"model_name\": \"m\", \"id\": null, \"outputs\": []}"))).isNotEmpty();
        assertThat(OpenInferenceSchemas.violations("metadata_server_response", json.readTree("{\"name\": \"m\"}"))).isNotEmpty();
        assertThat(OpenInferenceSchemas.violations("inference_response", json.readTree(
                "{\"model_name\": \"m\", \"outputs\": [{\"name\": \"o\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [{}]}]}")))
                .isNotEmpty();
    }

    private JsonNode ok(MockHttpServletRequestBuilder request, String definition) throws Exception {
        MockHttpServletResponse response = exchange(request);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/json");
        JsonNode body = json.readTree(response.getContentAsString());
        assertConforms(definition, body);
        return body;
    }

    /** An error answer: the status, JSON content, the protocol's error object, and a message that names the fault. */
    private JsonNode error(MockHttpServletRequestBuilder request, int status, String fault) throws Exception {
        MockHttpServletResponse response = exchange(request);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getContentType()).isEqualTo("application/json");
        JsonNode body = json.readTree(response.getContentAsString());
        assertConforms("error_response", body);
        assertThat(body.get("error").stringValue()).contains(fault);
        return body;
    }

    private MockHttpServletResponse exchange(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private static MockHttpServletRequestBuilder infer(String model, String body) {
        return post("/v2/models/" + model + "/infer").contentType("application/json").content(body);
    }

    /** One FP32 NHWC input of side x side x 1; {@code extra} goes first into the request object when given. */
    private static String fp32(int side, String extra) {
        String data = String.join(",", java.util.Collections.nCopies(side * side, "0.5"));
        return "{" + (extra == null ? "" : extra) + " \"inputs\": [{\"name\": \"input\", \"shape\": [1, " + side + ", "
                + side + ", 1], \"datatype\": \"FP32\", \"data\": [" + data + "]}]}";
    }

    private void serve(StoredModel model, ServableModel described, boolean hasWeights) {
        ModelEntry entry = new ModelEntry(model, null, null);
        given(definitions.getByName(model.name(), model.version())).willReturn(entry);
        given(manager.describe(model.id())).willReturn(described);
        given(servable.describe(entry)).willReturn(described);
        given(servable.hasWeights(model)).willReturn(hasWeights);
    }

    private static ServableModel classifier(StoredModel model, String notReady) {
        return new ServableModel(model.id(), model.name(), model.version(), new InputShape(28, 28, 1), List.of(10), true,
                notReady, Arrays.asList("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), spec(28), 64, notReady);
    }

    private static InputSpec spec(int side) {
        return new InputSpec(side, side, 1, ResizeMode.PAD, InvertMode.AUTO, 1 / 255.0);
    }

    private static StoredModel stored(String name, int version, ModelKind kind) {
        return new StoredModel(UUID.randomUUID(), name, version, kind, DefinitionFormat.NATIVE, "{}", 1, Instant.EPOCH, null);
    }
}
