package dev.convnet.dataset;

import dev.convnet.common.BadRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
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
@RequestMapping(path = "/api/v1/datasets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Datasets", description = "Built-in datasets (MNIST, Fashion-MNIST, CIFAR-10/100) and uploaded ones")
class DatasetController {

    private final DatasetCatalog catalog;
    private final ZipDatasetImporter importer;

    DatasetController(DatasetCatalog catalog, ZipDatasetImporter importer) {
        this.catalog = catalog;
        this.importer = importer;
    }

    @GetMapping
    @Operation(summary = "List datasets: classes, image shape, train/test sizes, availability on this node")
    List<DatasetInfo> list() {
        return catalog.list();
    }

    @GetMapping("/{name}")
    @Operation(summary = "Describe one dataset")
    DatasetInfo get(@PathVariable String name) {
        return catalog.describe(name);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a dataset as a zip of class-named folders of PNG, JPEG, BMP, GIF or WebP images",
            description = "The layout of Keras's flow_from_directory: <class>/<image>, or train/<class>/... with an "
                    + "optional test/<class>/.... Hostile or malformed archives are refused and leave nothing behind.")
    @ApiResponse(responseCode = "201", description = "Imported; Location names the dataset")
    @ApiResponse(responseCode = "400", description = "Malformed or hostile archive; 'field' and 'entry' say where",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Over a size, entry-count or pixel limit",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "convnet.datasets.upload.max-concurrent uploads are being imported;"
            + " see Retry-After", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DatasetInfo> upload(
            @Parameter(description = "The zip archive") @RequestPart("file") MultipartFile file,
            @Parameter(description = "Name: lower-case letters, digits, '-' and '_'") @RequestParam String name,
            @Parameter(description = "Fraction of each class held out as the test split") @RequestParam(required = false) Double validationSplit,
            @Parameter(description = "Stretch every image to HEIGHTxWIDTH, e.g. 32x32, as predictions with resize=stretch") @RequestParam(required = false) String targetSize,
            @Parameter(schema = @Schema(allowableValues = {"auto", "grayscale", "rgb"})) @RequestParam(defaultValue = "auto") String colorMode)
            throws IOException {
        ImportOptions options = new ImportOptions(name, validationSplit, targetSize(targetSize), colorMode(colorMode));
        try (InputStream zip = file.getInputStream()) {
            ImportedDataset imported = importer.importZip(zip, file.getOriginalFilename(), options);
            return ResponseEntity.created(URI.create("/api/v1/datasets/" + imported.metadata().name()))
                    .body(catalog.describe(imported.metadata().name()));
        }
    }

    private static ImportOptions.TargetSize targetSize(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int height = Integer.parseInt(parts[0].strip());
                int width = Integer.parseInt(parts[1].strip());
                int max = ImportOptions.TargetSize.MAX_SIDE;
                if (height > 0 && width > 0 && height <= max && width <= max) {
                    return new ImportOptions.TargetSize(height, width);
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new BadRequestException("targetSize", "targetSize must be HEIGHTxWIDTH with sides 1.."
                + ImportOptions.TargetSize.MAX_SIDE + ", e.g. 32x32, got '" + text + "'");
    }

    private static ImportOptions.ColorMode colorMode(String text) {
        try {
            return ImportOptions.ColorMode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("colorMode", "colorMode must be auto, grayscale or rgb, got '" + text + "'");
        }
    }
}
