package dev.convnet.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A folder of images to register as a dataset, streamed from disk when trained on. */
@Schema(description = "A folder train/<class>/<image> (JPEG or PNG), with optional val/<class>/ or test/<class>/")
public record FolderRegistrationRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "imagenette")
        @NotNull(message = "is required")
        @Pattern(regexp = FolderRegistrationRequest.NAME, message = "must be 1 to 64 lower-case letters, digits, '-' or '_',"
                + " starting with a letter or digit; got '${validatedValue}'") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "/srv/images/imagenette",
                description = "Absolute path, under one of convnet.datasets.folder-roots on every node that trains on it")
        @NotBlank(message = "is required: the folder's absolute path") String path,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "64", description = "Images are stretched to this height")
        @NotNull(message = "is required") @Min(value = 1, message = SIDE) @Max(value = MAX_SIDE, message = SIDE) Integer height,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "64", description = "... and this width")
        @NotNull(message = "is required") @Min(value = 1, message = SIDE) @Max(value = MAX_SIDE, message = SIDE) Integer width,
        @Schema(defaultValue = "3", description = "1: grey or 3: RGB (2 is refused)")
        @Min(value = 1, message = CHANNELS) @Max(value = 3, message = CHANNELS) Integer channels) {

    static final String NAME = "[a-z0-9][a-z0-9_-]{0,63}";
    static final int MAX_SIDE = ImportOptions.TargetSize.MAX_SIDE;
    static final String SIDE = "must be in [1, " + MAX_SIDE + "], got ${validatedValue}";
    static final String CHANNELS = "must be 1 (grey) or 3 (RGB), got ${validatedValue}";

    int channelsOrDefault() {
        return channels == null ? 3 : channels;
    }
}
