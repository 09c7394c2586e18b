package dev.convnet.inference;

import dev.convnet.common.Tensor;
import dev.convnet.inference.OpenInferenceMessages.ErrorBody;
import dev.convnet.inference.OpenInferenceMessages.InferRequest;
import dev.convnet.inference.OpenInferenceMessages.InferResponse;
import dev.convnet.inference.OpenInferenceMessages.ModelMetadata;
import dev.convnet.inference.OpenInferenceMessages.ModelReady;
import dev.convnet.inference.OpenInferenceMessages.RequestOutput;
import dev.convnet.inference.OpenInferenceMessages.ResponseOutput;
import dev.convnet.inference.OpenInferenceMessages.ServerLive;
import dev.convnet.inference.OpenInferenceMessages.ServerMetadata;
import dev.convnet.inference.OpenInferenceMessages.ServerReady;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Open Inference Protocol (KServe v2) over REST, so KServe, Triton clients and Seldon tooling can call the
 * service unchanged. A model is addressed by name and optionally version (else the version the name serves).
 * Errors are the protocol's {@code {"error": "..."}} ({@link OpenInferenceErrors}, {@link OpenInferenceRouteErrors}).
 */
@RestController
@Tag(name = "Open Inference Protocol", description = "KServe v2 REST: server and model metadata, health, infer")
@ApiResponse(responseCode = "400", description = "A request the protocol or the model does not allow",
        content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "404", description = "No such model, version or endpoint",
        content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ErrorBody.class)))
class OpenInferenceController {

    private static final String MODEL = "/v2/models/{name}";
    private static final String MODEL_VERSION = "/v2/models/{name}/versions/{version}";
    /** A 28x28 grey PNG of a 7: any model that takes images resizes it to its own input. */
    static final String IMAGE_EXAMPLE = """
            {"id": "try-1", "inputs": [{"name": "input", "shape": [1], "datatype": "BYTES", "data": [
              "iVBORw0KGgoAAAANSUhEUgAAABwAAAAcCAAAAABXZoBIAAAANElEQVR4XmNgGCTgPxoXHVBHEhngkwNJogvBwQjRiC6EAPgkCcjhlUQXggO8GhnwyVETAACkk2yUFk0j2wAAAABJRU5ErkJggg=="
            ]}]}""";
    static final String DETECTOR_EXAMPLE = """
            {"inputs": [{"name": "input", "shape": [1, 8, 8, 1], "datatype": "UINT8", "data": [
              0,0,0,255,255,0,0,0, 0,0,0,255,255,0,0,0, 0,0,0,255,255,0,0,0, 0,0,0,255,255,0,0,0,
              0,0,0,255,255,0,0,0, 0,0,0,255,255,0,0,0, 0,0,0,255,255,0,0,0, 0,0,0,255,255,0,0,0
            ]}], "outputs": [{"name": "output"}]}""";

    private final OpenInferenceModels models;
    private final InferInputReader inputs;
    private final InferenceManager manager;
    private final ServerMetadata server;

    OpenInferenceController(OpenInferenceModels models, InferInputReader inputs, InferenceManager manager,
                            @Value("${spring.application.name:convnet-service}") String serverName,
                            ObjectProvider<BuildProperties> build) {
        this.models = models;
        this.inputs = inputs;
        this.manager = manager;
        BuildProperties properties = build.getIfAvailable();
        this.server = new ServerMetadata(serverName, properties == null ? "unknown" : properties.getVersion(), List.of());
    }

    @GetMapping(path = "/v2", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Server metadata: name, version, protocol extensions")
    @ApiResponse(responseCode = "200", description = "The server's name and version")
    ServerMetadata serverMetadata() {
        return server;
    }

    /** Clients that join "/v2" and "/" get the same answer; not documented, as one path per resource reads better. */
    @GetMapping(path = "/v2/", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(hidden = true)
    ServerMetadata serverMetadataWithSlash() {
        return server;
    }

    @GetMapping(path = "/v2/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Server liveness")
    @ApiResponse(responseCode = "200", description = "Live")
    ServerLive live() {
        return new ServerLive(true);
    }

    @GetMapping(path = "/v2/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Server readiness: ready once started (models load on first use)")
    @ApiResponse(responseCode = "200", description = "Ready")
    ServerReady ready() {
        return new ServerReady(true);
    }

    @GetMapping(path = {MODEL, MODEL_VERSION}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Model metadata: versions that can serve, the input and the output (-1 = any batch size)")
    @ApiResponse(responseCode = "200", description = "The model's versions, input and output")
    ModelMetadata metadata(@PathVariable String name, @PathVariable(required = false) String version) {
        return models.metadata(models.resolve(name, version));
    }

    @GetMapping(path = {MODEL + "/ready", MODEL_VERSION + "/ready"}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Model readiness: 200 when it can serve, 400 with the reason when not (never trained)")
    @ApiResponse(responseCode = "200", description = "Ready")
    @ApiResponse(responseCode = "400", description = "Not ready; 'error' says why", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ModelReady.class)))
    ResponseEntity<ModelReady> modelReady(@PathVariable String name, @PathVariable(required = false) String version) {
        ServableModel model = models.resolve(name, version);
        if (model.notReadyReason() != null) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ModelReady(model.name(), false,
                    model.notReadyReason()));
        }
        return ResponseEntity.ok(new ModelReady(model.name(), true, null));
    }

    @PostMapping(path = {MODEL + "/infer", MODEL_VERSION + "/infer"}, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run the model on its input: FP32 or UINT8 [batch, height, width, channels], or BYTES [batch]"
            + " of base64 image files; 'id' and 'parameters' are echoed")
    @ApiResponse(responseCode = "200", description = "The model's output for the batch")
    @ApiResponse(responseCode = "413", description = "More inputs than fit in the node's memory budget at once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = "The model's queue is full; retry after Retry-After seconds",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ErrorBody.class)))
    InferResponse infer(@PathVariable String name, @PathVariable(required = false) String version,
                        @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                                schema = @Schema(implementation = InferRequest.class), examples = {
                                @ExampleObject(name = "An image (lenet5, detector, any image model)", value = IMAGE_EXAMPLE),
                                @ExampleObject(name = "The lesson's 8x8 vertical line (detector)", value = DETECTOR_EXAMPLE)}))
                        @RequestBody InferRequest request) {
        ServableModel model = models.resolve(name, version);
        if (model.notReadyReason() != null) {
            throw new ModelNotServableException(model.id(), model.notReadyReason());
        }
        InferInputReader.checkParameters(request.parameters(), "parameters");
        Map<String, Object> outputParameters = requestedOutput(model, request.outputs());
        Tensor tensor = inputs.read(model, request.inputs());
        Tensor outputs = manager.await(manager.submit(model.id(), tensor));
        ResponseOutput output = new ResponseOutput(OpenInferenceModels.outputName(model), "FP32",
                Arrays.stream(outputs.shape()).boxed().toList(), outputParameters, outputs.data());
        return new InferResponse(model.name(), Integer.toString(model.version()), request.id(), request.parameters(),
                List.of(output));
    }

    /** Checks that every requested output exists; the parameters asked for it go back with it. */
    private static Map<String, Object> requestedOutput(ServableModel model, List<RequestOutput> requested) {
        Map<String, Object> parameters = null;
        String available = OpenInferenceModels.outputName(model);
        for (RequestOutput output : requested == null ? List.<RequestOutput>of() : requested) {
            if (output == null || !available.equals(output.name())) {
                throw new InferenceProtocolException("requested output '" + (output == null ? null : output.name())
                        + "' is not an output of model '" + model.name() + "': its only output is '" + available + "'");
            }
            InferInputReader.checkParameters(output.parameters(), "outputs.parameters");
            parameters = output.parameters();
        }
        return parameters;
    }
}
