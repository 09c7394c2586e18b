package dev.convnet.store;

import dev.convnet.common.Sha256;
import dev.convnet.definition.ModelEntry;
import dev.convnet.models.ModelDefinitionService;
import dev.convnet.models.ModelResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Model files", description = "Export a model as a DL4J model file or an ONNX model; import DL4J model files and Keras 2 HDF5 models")
class ModelTransferController {

    static final String CHECKSUM_HEADER = "X-Checksum-SHA256";

    private final ModelTransferService transfers;
    private final ModelDefinitionService definitions;

    ModelTransferController(ModelTransferService transfers, ModelDefinitionService definitions) {
        this.transfers = transfers;
        this.definitions = definitions;
    }

    @GetMapping(path = "/{id}/download", produces = {"application/zip", "application/octet-stream"})
    @Operation(summary = "Download the model as a DL4J model file or an ONNX model",
            description = "format=dl4j (default): ModelSerializer's zip (configuration.json, coefficients.bin) with the "
                    + "current weights, or the initial ones while none were set, plus the model's definition as "
                    + "convnet/definition.json; MultiLayerNetwork.load() reads it. format=onnx: an ONNX model (opset 21) "
                    + "with input 'input' [batch, height, width, channels] (NHWC, as /predict takes it) and output "
                    + "'output', answering as the service does. X-Checksum-SHA256 and Repr-Digest carry the SHA-256 of "
                    + "the body.")
    @ApiResponse(responseCode = "200", content = {@Content(mediaType = "application/zip"),
            @Content(mediaType = "application/octet-stream")})
    @ApiResponse(responseCode = "400", description = "Unknown format",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such model",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "format=onnx for a network the export cannot reproduce (a softmax over a spatial tensor)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<byte[]> download(@PathVariable UUID id,
            @Parameter(description = "dl4j or onnx", schema = @Schema(allowableValues = {"dl4j", "onnx"}, defaultValue = "dl4j"))
            @RequestParam(defaultValue = "dl4j") String format) {
        DownloadFormat chosen = DownloadFormat.parse(format);
        ModelFile file = transfers.download(id, chosen);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(chosen.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.fileName()).build().toString())
                .header(CHECKSUM_HEADER, file.sha256())
                .header("Repr-Digest", "sha-256=:" + Sha256.hexToBase64(file.sha256()) + ":")
                .body(file.content());
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Import a DL4J model file or a Keras 2 HDF5 model",
            description = "The format is recognized by content. A Keras 2 HDF5 file (model.save(\"m.h5\")) must hold a "
                    + "Sequential model; its model_config is checked like a posted definition and its weights are set "
                    + "as PUT /weights sets them. A DL4J MultiLayerNetwork file is mapped back to a definition. Keras 3 "
                    + ".keras files and TensorFlow SavedModels are refused with what to do instead.")
    @ApiResponse(responseCode = "201", description = "Imported; Location names the new model")
    @ApiResponse(responseCode = "400", description = "Unrecognized or unsupported file, or a network the definitions cannot express",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "File over convnet.api.max-request-size",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "501", description = "A Keras HDF5 file on a platform without HDF5's native library (macOS arm64)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ModelResponse> importModel(
            @Parameter(description = "The model file") @RequestPart("file") MultipartFile file,
            @Parameter(description = "Name of the new model; default: the file's own") @RequestParam(required = false) String name,
            @Parameter(description = "HEIGHT,WIDTH,CHANNELS, for a DL4J file that does not record its input size",
                    example = "28,28,1") @RequestParam(required = false) String inputShape) throws IOException {
        ModelEntry entry = transfers.importModel(file.getBytes(), file.getOriginalFilename(),
                name == null || name.isBlank() ? null : name, inputShape);
        return ResponseEntity.created(URI.create("/api/v1/models/" + entry.model().id()))
                .body(ModelResponse.of(entry, definitions.engineLayers(entry)));
    }
}
