package dev.convnet.inference;

import dev.convnet.common.BadRequestException;
import dev.convnet.image.ImageDecoder;
import dev.convnet.image.InvertMode;
import dev.convnet.image.ResizeMode;
import dev.convnet.models.ModelDefinitionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@Tag(name = "Prediction", description = "Classify images with a trained model")
class ImagePredictionController {

    private static final String TOP_K = "must be at least 1, was ${validatedValue}";

    private static final String BY_ID = "/api/v1/models/{id}/predictions";
    private static final String BY_NAME = "/api/v1/models/by-name/{name}/predictions";
    private static final String BY_NAME_AND_VERSION = "/api/v1/models/by-name/{name}/versions/{version}/predictions";

    private final ImagePredictionService predictions;
    private final InferenceManager manager;
    private final ModelDefinitionService definitions;
    private final ImageDecoder decoder;

    ImagePredictionController(ImagePredictionService predictions, InferenceManager manager,
                              ModelDefinitionService definitions, ImageDecoder decoder) {
        this.predictions = predictions;
        this.manager = manager;
        this.definitions = definitions;
        this.decoder = decoder;
    }

    @PostMapping(path = {BY_ID, BY_NAME, BY_NAME_AND_VERSION}, consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Classify uploaded images (multipart parts named 'files'); by id, or by name and version",
            description = "Without a version, the name's 'production' alias serves when it is set, else its newest version"
                    + " that has weights; an untrained version (e.g. a training job's starting point) never does.")
    @ApiResponse(responseCode = "200", description = "Top-k classes per image, in upload order")
    @ApiResponse(responseCode = "400", description = "Not an image, truncated, unusable size, no file, bad parameter",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "Unknown model or version, or no version with weights", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Model never trained, or not a classifier", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Image over the byte or pixel limit, or too many files", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "Queue full; see Retry-After", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    PredictionsResponse classifyFiles(@PathVariable(required = false) UUID id,
                                      @PathVariable(required = false) String name,
                                      @PathVariable(required = false) Integer version,
                                      @RequestParam(name = "files", required = false) List<MultipartFile> files,
                                      @Parameter(description = "Classes per image") @RequestParam(defaultValue = "5") @Min(value = 1, message = TOP_K) int topK,
                                      @Parameter(schema = @Schema(allowableValues = {"stretch", "centerCrop", "pad"}))
                                      @RequestParam(required = false) String resize,
                                      @Parameter(description = "Grey models: turn dark-on-light into light-on-dark",
                                              schema = @Schema(allowableValues = {"auto", "true", "false"}))
                                      @RequestParam(required = false) String invert) throws IOException {
        ServableModel model = resolve(id, name, version);
        List<UploadedImage> images = new ArrayList<>();
        for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
            images.add(new UploadedImage(file.getOriginalFilename(), file.getBytes()));
        }
        return predictions.classify(model, images, topK, resize(resize), invert(invert));
    }

    @PostMapping(path = {BY_ID, BY_NAME, BY_NAME_AND_VERSION}, consumes = "image/*",
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Classify one image sent as the request body with an image/* content type")
    PredictionsResponse classifyBody(@PathVariable(required = false) UUID id,
                                     @PathVariable(required = false) String name,
                                     @PathVariable(required = false) Integer version,
                                     @RequestParam(defaultValue = "5") @Min(value = 1, message = TOP_K) int topK,
                                     @RequestParam(required = false) String resize,
                                     @RequestParam(required = false) String invert,
                                     HttpServletRequest request) throws IOException {
        ServableModel model = resolve(id, name, version);
        ResizeMode resizeMode = resize(resize);
        InvertMode invertMode = invert(invert);
        // Reads at most the image byte limit + 1, so an oversized body is refused without buffering all of it.
        byte[] data = request.getInputStream().readNBytes((int) decoder.maxBytes() + 1);
        return predictions.classify(model, List.of(new UploadedImage(null, data)), topK, resizeMode, invertMode);
    }

    private ServableModel resolve(UUID id, String name, Integer version) {
        UUID modelId = id != null ? id
                : (version == null ? definitions.getServing(name) : definitions.getByName(name, version)).model().id();
        return manager.describe(modelId);
    }

    private static ResizeMode resize(String value) {
        try {
            return value == null ? null : ResizeMode.fromParameter(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("resize", e.getMessage());
        }
    }

    private static InvertMode invert(String value) {
        try {
            return value == null ? null : InvertMode.fromParameter(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("invert", e.getMessage());
        }
    }
}
