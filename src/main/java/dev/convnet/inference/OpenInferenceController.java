package dev.convnet.inference;

import dev.convnet.common.NestedArrays;
import dev.convnet.common.NotFoundException;
import dev.convnet.common.Tensor;
import dev.convnet.definition.ModelEntry;
import dev.convnet.models.ModelDefinitionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The Open Inference Protocol (KServe v2) over REST, so KServe, Triton clients and Seldon tooling can call the
 * service unchanged. A model is addressed by name and optionally version (latest when absent). One input:
 * FP32 (values as the network takes them, i.e. already scaled), UINT8 (raw 0..255 pixels, scaled here as
 * in training) with shape [batch, height, width, channels], or BYTES with shape [batch] holding base64
 * encoded image files, preprocessed with the model's defaults. Output "probabilities", FP32 [batch, classes].
 */
@RestController
@Tag(name = "Open Inference Protocol", description = "KServe v2 REST: health, model metadata, infer")
class OpenInferenceController {

    private static final String MODEL = "/v2/models/{name}";
    private static final String MODEL_VERSION = "/v2/models/{name}/versions/{version}";
    static final String INPUT_NAME = "input";
    static final String OUTPUT_NAME = "probabilities";

    private final ModelDefinitionService definitions;
    private final InferenceManager manager;
    private final ImagePredictionService images;

    OpenInferenceController(ModelDefinitionService definitions, InferenceManager manager, ImagePredictionService images) {
        this.definitions = definitions;
        this.manager = manager;
        this.images = images;
    }

    record TensorMetadata(String name, String datatype, List<Integer> shape) {
    }

    record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                         List<TensorMetadata> outputs) {
    }

    record OutputTensor(String name, String datatype, List<Integer> shape, float[] data) {
    }

    record InferResponse(String model_name, String model_version, String id, List<OutputTensor> outputs) {
    }

    @GetMapping(path = "/v2/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Server liveness")
    Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GetMapping(path = "/v2/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Server readiness: ready once started (models load on first use)")
    Map<String, Boolean> ready() {
        return Map.of("ready", true);
    }

    @GetMapping(path = {MODEL, MODEL_VERSION}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Model metadata: inputs and outputs with datatype and shape (-1 = any batch size)")
    ModelMetadata metadata(@PathVariable String name, @PathVariable(required = false) String version) {
        ServableModel model = manager.describe(entry(name, version).model().id());
        var in = model.inputShape();
        List<Integer> outputShape = new ArrayList<>(List.of(-1));
        outputShape.addAll(model.outputShape());
        return new ModelMetadata(model.name(), List.of(Integer.toString(model.version())), "deeplearning4j",
                List.of(new TensorMetadata(INPUT_NAME, "FP32", List.of(-1, in.height(), in.width(), in.channels()))),
                List.of(new TensorMetadata(OUTPUT_NAME, "FP32", outputShape)));
    }

    @GetMapping(path = {MODEL + "/ready", MODEL_VERSION + "/ready"}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Model readiness: 200 when it can serve, 400 with the reason when not")
    ResponseEntity<Map<String, Object>> modelReady(@PathVariable String name, @PathVariable(required = false) String version) {
        ServableModel model = manager.describe(entry(name, version).model().id());
        if (model.notServableReason() != null) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("name", model.name(), "ready", false,
                    "error", model.notServableReason()));
        }
        return ResponseEntity.ok(Map.of("name", model.name(), "ready", true));
    }

    @PostMapping(path = {MODEL + "/infer", MODEL_VERSION + "/infer"}, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run the model on one input tensor (FP32 or UINT8 NHWC, or BYTES of base64 images)")
    InferResponse infer(@PathVariable String name, @PathVariable(required = false) String version,
                        @RequestBody JsonNode request) {
        ServableModel model = manager.describe(entry(name, version).model().id()).requireServable();
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw new InferenceProtocolException("'inputs' must be a list of exactly one tensor, named '" + INPUT_NAME + "'");
        }
        Tensor tensor = toTensor(model, inputs.get(0));
        Tensor outputs = manager.await(manager.submit(model.id(), tensor));
        JsonNode id = request.get("id");
        return new InferResponse(model.name(), Integer.toString(model.version()), id == null ? null : id.asString(),
                List.of(new OutputTensor(OUTPUT_NAME, "FP32", java.util.Arrays.stream(outputs.shape()).boxed().toList(),
                        outputs.data())));
    }

    private ModelEntry entry(String name, String version) {
        if (version == null) {
            return definitions.getServing(name);
        }
        try {
            return definitions.getByName(name, Integer.parseInt(version));
        } catch (NumberFormatException e) {
            throw new NotFoundException("Model", name + " version " + version);
        }
    }

    private Tensor toTensor(ServableModel model, JsonNode input) {
        String datatype = text(input, "datatype");
        List<Integer> shape = shape(input);
        JsonNode data = input.get("data");
        if (data == null || !data.isArray()) {
            throw new InferenceProtocolException("input 'data' must be a list");
        }
        List<JsonNode> values = new ArrayList<>();
        flatten(data, values);
        var in = model.inputShape();
        switch (datatype) {
            case "BYTES" -> {
                if (shape.size() != 1 || shape.get(0) != values.size() || values.isEmpty()) {
                    throw new InferenceProtocolException("a BYTES input holds encoded images: shape must be [n] with n"
                            + " >= 1 base64 strings in 'data', got shape " + shape + " and " + values.size() + " values");
                }
                List<UploadedImage> uploads = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    if (!values.get(i).isString()) {
                        throw new InferenceProtocolException("BYTES data[" + i + "] must be a base64 string");
                    }
                    try {
                        uploads.add(new UploadedImage(null, Base64.getMimeDecoder().decode(values.get(i).asString())));
                    } catch (IllegalArgumentException e) {
                        throw new InferenceProtocolException("BYTES data[" + i + "] is not base64: " + e.getMessage());
                    }
                }
                return images.preprocess(model, uploads, null, null);
            }
            case "FP32", "UINT8" -> {
                List<Integer> expected = List.of(shape.isEmpty() ? -1 : shape.get(0), in.height(), in.width(), in.channels());
                if (shape.size() != 4 || shape.get(0) < 1 || !shape.equals(expected)) {
                    throw new InferenceProtocolException("input shape must be [batch, " + in.height() + ", " + in.width()
                            + ", " + in.channels() + "] (NHWC) with batch >= 1, got " + shape);
                }
                long size = (long) shape.get(0) * in.size();
                if (values.size() != size) {
                    throw new InferenceProtocolException("input shape " + shape + " needs " + size + " values in 'data', got "
                            + values.size());
                }
                boolean bytes = datatype.equals("UINT8");
                float scale = bytes ? (float) model.inputSpec().scale() : 1f;
                float[] floats = new float[values.size()];
                for (int i = 0; i < floats.length; i++) {
                    JsonNode value = values.get(i);
                    if (bytes && !(value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0
                            && value.intValue() <= 255)) {
                        throw new InferenceProtocolException("data[" + i + "] must be an integer 0..255 for datatype "
                                + datatype + ", got " + NestedArrays.abbreviated(value));
                    }
                    floats[i] = NestedArrays.float32(value, "data[" + i + "]") * scale;
                }
                return new Tensor(shape.stream().mapToInt(Integer::intValue).toArray(), floats);
            }
            default -> throw new InferenceProtocolException("input datatype must be FP32, UINT8 or BYTES, got '" + datatype + "'");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new InferenceProtocolException("input '" + field + "' must be a string");
        }
        return value.asString();
    }

    private static List<Integer> shape(JsonNode input) {
        JsonNode shape = input.get("shape");
        if (shape == null || !shape.isArray()) {
            throw new InferenceProtocolException("input 'shape' must be a list of integers");
        }
        List<Integer> dims = new ArrayList<>();
        for (JsonNode dim : shape) {
            if (!dim.isIntegralNumber() || !dim.canConvertToInt()) {
                throw new InferenceProtocolException("input 'shape' must be a list of integers, got " + shape);
            }
            dims.add(dim.intValue());
        }
        return dims;
    }

    /** The protocol allows 'data' flat or nested as the shape; both become one flat list. */
    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else {
            out.add(node);
        }
    }
}
