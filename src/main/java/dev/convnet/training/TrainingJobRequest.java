package dev.convnet.training;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A training job as posted; every field but {@code model} and {@code dataset} has Keras's default. The
 * constraints are the rules a field obeys on its own; rules that involve the model, the dataset or other fields
 * are checked by the planner.
 */
@Schema(description = "A training job: which model on which dataset, and Keras's fit/compile arguments")
public record TrainingJobRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ModelRef model,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "mnist")
        @NotBlank(message = "is required: a built-in (mnist, fashion-mnist, cifar-10, cifar-100, cifar-100-coarse) or "
                + "an uploaded dataset's name") String dataset,
        @Schema(defaultValue = "1", example = "1")
        @Min(value = 1, message = EPOCHS) @Max(value = MAX_EPOCHS, message = EPOCHS) Integer epochs,
        @Schema(defaultValue = "32", example = "128")
        @Min(value = 1, message = BATCH_SIZE) @Max(value = MAX_BATCH_SIZE, message = BATCH_SIZE) Integer batchSize,
        @Valid Optimizer optimizer,
        @Schema(description = "Overrides the definition's loss (Keras name)", example = "categorical_crossentropy") String loss,
        @Valid Schedule schedule,
        @Schema(defaultValue = "true") Boolean shuffle,
        @Schema(description = "Seed of initialization, shuffling and augmentation; random when absent", example = "42") Long seed,
        Validation validation,
        @Valid EarlyStopping earlyStopping,
        @Schema(description = "Write a checkpoint every this many epochs (0 = never); a restarted node resumes from it",
                defaultValue = "1")
        @Min(value = 0, message = EPOCHS_OR_NONE) @Max(value = MAX_EPOCHS, message = EPOCHS_OR_NONE) Integer checkpointEveryEpochs,
        @Valid Augmentation augmentation,
        @Schema(description = "On cancel, store the partially trained model", defaultValue = "false") Boolean keepPartialModelOnCancel,
        @Schema(description = "Keras's CategoricalCrossentropy(label_smoothing=a): targets become y * (1 - a) + a / classes, "
                + "in the training and the validation loss; categorical_crossentropy only", defaultValue = "0", example = "0.1")
        @DecimalMin(value = "0", message = UNIT) @DecimalMax(value = "1", inclusive = false, message = UNIT) Double labelSmoothing,
        @Schema(description = "Train on the first this many training images only (taken before a validation split); "
                + "see testImages. For quick comparisons on a small machine; default: all", example = "12000")
        @Min(value = 1, message = IMAGES) Integer trainImages,
        @Schema(description = "Validate and evaluate on the first this many test images only; default: all", example = "2000")
        @Min(value = 1, message = IMAGES) Integer testImages) {

    public static final int MAX_EPOCHS = 10_000;
    public static final int MAX_BATCH_SIZE = 65_536;

    // ${validatedValue} is the rejected value; the field's name is put in front where the problem is written
    static final String EPOCHS = "must be in [1, " + MAX_EPOCHS + "], got ${validatedValue}";
    static final String EPOCHS_OR_NONE = "must be in [0, " + MAX_EPOCHS + "], got ${validatedValue}";
    static final String BATCH_SIZE = "must be in [1, " + MAX_BATCH_SIZE + "], got ${validatedValue}";
    static final String UNIT = "must be in [0, 1), got ${validatedValue}";
    static final int MAX_PIXELS = 4096;
    static final String PIXELS = "must be in [0, " + MAX_PIXELS + "] pixels, got ${validatedValue}";
    static final String IMAGES = "must be at least 1, got ${validatedValue}";
    static final String PROBABILITY = "must be in [0, 1], got ${validatedValue}";

    /** The same job with {@code seed} filled in, as it is stored. */
    TrainingJobRequest withSeed(long newSeed) {
        return new TrainingJobRequest(model, dataset, epochs, batchSize, optimizer, loss, schedule, shuffle, newSeed,
                validation, earlyStopping, checkpointEveryEpochs, augmentation, keepPartialModelOnCancel, labelSmoothing,
                trainImages, testImages);
    }

    @Schema(description = "Exactly one of: a stored model's id, a preset name, an inline definition")
    public record ModelRef(UUID id, @Schema(example = "lenet5") String preset,
                           @Schema(description = "A definition document, native or Keras JSON") JsonNode definition) {
    }

    @Schema(description = "Optimizer, with Keras's argument names and defaults")
    public record Optimizer(
            @Schema(allowableValues = {"sgd", "rmsprop", "adam", "adamw"}, defaultValue = "sgd") String type,
            @Schema(description = "Default: 0.01 for sgd, 0.001 otherwise", example = "0.01") Double learningRate,
            @Schema(description = "sgd", defaultValue = "0") @DecimalMin(value = "0", message = UNIT)
            @DecimalMax(value = "1", inclusive = false, message = UNIT) Double momentum,
            @Schema(description = "sgd", defaultValue = "false") Boolean nesterov,
            @Schema(description = "rmsprop", defaultValue = "0.9") @DecimalMin(value = "0", message = UNIT)
            @DecimalMax(value = "1", inclusive = false, message = UNIT) Double rho,
            @Schema(description = "Keras's legacy time-based decay: lr / (1 + decay * iteration)", defaultValue = "0") Double decay,
            @Schema(description = "adam, adamw", defaultValue = "0.9") @DecimalMin(value = "0", message = UNIT)
            @DecimalMax(value = "1", inclusive = false, message = UNIT) Double beta1,
            @Schema(description = "adam, adamw", defaultValue = "0.999") @DecimalMin(value = "0", message = UNIT)
            @DecimalMax(value = "1", inclusive = false, message = UNIT) Double beta2,
            @Schema(defaultValue = "1e-7") Double epsilon,
            @Schema(description = "adamw", defaultValue = "0.004") Double weightDecay) {
    }

    @Schema(description = "Learning-rate schedule")
    public record Schedule(
            @Schema(allowableValues = {"constant", "step", "cosine", "oneCycle"}, defaultValue = "constant") String type,
            @Schema(description = "step: every this many epochs", defaultValue = "10")
            @Min(value = 1, message = EPOCHS) @Max(value = MAX_EPOCHS, message = EPOCHS) Integer stepEpochs,
            @Schema(description = "step: multiply by this", defaultValue = "0.1") Double gamma,
            @Schema(description = "cosine: final rate", defaultValue = "0") Double minLearningRate,
            @Schema(description = "oneCycle: peak rate; default 10x the optimizer's") Double maxLearningRate) {
    }

    @Schema(description = "Validation data: the test split, a fraction of the training data, or none")
    public record Validation(@Schema(allowableValues = {"test", "split", "none"}, defaultValue = "test") String mode,
                             @Schema(description = "split: fraction of the training data held out", example = "0.1") Double fraction) {
    }

    @Schema(description = "Stop when the validation loss (training loss without validation) stops improving")
    public record EarlyStopping(
            @Schema(example = "3")
            @Min(value = 0, message = EPOCHS_OR_NONE) @Max(value = MAX_EPOCHS, message = EPOCHS_OR_NONE) Integer patience,
            @Schema(defaultValue = "0") Double minDelta) {
    }

    @Schema(description = "Real-time augmentation with Keras ImageDataGenerator's arguments")
    public record Augmentation(
            @Schema(description = "degrees", defaultValue = "0") Double rotationRange,
            @Schema(description = "fraction of width (< 1) or pixels", example = "0.1") Double widthShiftRange,
            @Schema(description = "fraction of height (< 1) or pixels", example = "0.1") Double heightShiftRange,
            @Schema(description = "degrees", defaultValue = "0") Double shearRange,
            @Schema(description = "zoom in [1 - z, 1 + z]", defaultValue = "0") Double zoomRange,
            @Schema(example = "true") Boolean horizontalFlip,
            @Schema(defaultValue = "false") Boolean verticalFlip,
            @Schema(allowableValues = {"nearest", "constant", "reflect", "wrap"}, defaultValue = "nearest") String fillMode,
            @Schema(description = "constant fill value, in pixel units 0..255", defaultValue = "0") Double cval,
            @Schema(description = "Random crop with padding: pad this many pixels on every side, then cut an image-sized "
                    + "window at a random position (content moves by up to this many pixels); 0 = off", defaultValue = "0",
                    example = "4")
            @Min(value = 0, message = PIXELS) @Max(value = MAX_PIXELS, message = PIXELS) Integer cropPadding,
            @Schema(description = "What the crop's padding holds: zero (black) or reflect (mirror without repeating the "
                    + "edge, as numpy's pad mode 'reflect'; needs cropPadding below the image's height and width)",
                    allowableValues = {"zero", "reflect"}, defaultValue = "zero") String cropPaddingMode,
            @Schema(description = "Cutout: side of the square blanked at a random centre (clipped at the border), "
                    + "after the crop; 0 = off", defaultValue = "0", example = "8")
            @Min(value = 0, message = PIXELS) @Max(value = MAX_PIXELS, message = PIXELS) Integer cutoutSize,
            @Schema(description = "Cutout: probability that an image gets the square", defaultValue = "1", example = "0.5")
            @DecimalMin(value = "0", message = PROBABILITY) @DecimalMax(value = "1", message = PROBABILITY) Double cutoutProbability,
            @Schema(description = "Cutout: zero (black) or mean (the image's mean per channel)",
                    allowableValues = {"zero", "mean"}, defaultValue = "zero") String cutoutFill) {
    }
}
