package dev.convnet.experiment;

import dev.convnet.training.TrainingJobRequest;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An experiment as posted: a base training job and the variants to compare, each trained once per seed. Give
 * either {@code variants} (named JSON merge patches, RFC 7386, over the base) or {@code grid} (job fields with value
 * lists: every combination is a variant).
 */
@Schema(description = "Variants of a base training job, each trained with several seeds, compared against a baseline")
public record ExperimentRequest(
        @Schema(example = "fashion-mnist: what helps") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = TrainingJobRequest.class,
                description = "A training job exactly as POST /api/v1/training-jobs takes it") JsonNode base,
        @Schema(description = "Named merge patches over the base; a variant without a patch is the base itself")
        List<Variant> variants,
        @Schema(description = "Job fields and the values to try for each; the variants are all combinations (the first "
                + "field varying slowest), named after their values") List<GridAxis> grid,
        @Schema(description = "The variant the others are compared with; default: the first") String baseline,
        @Schema(description = "Runs per variant, each with its own seed", defaultValue = "3") Integer seeds,
        Budget budget,
        @Schema(description = "Runs queued or running at once; they run on the training workers of the job queue",
                defaultValue = "1") Integer maxParallelRuns) {

    @Schema(description = "A variant: a name and a JSON merge patch (RFC 7386) over the base job")
    public record Variant(@Schema(example = "batch-norm") String name,
                          @Schema(description = "Merged into the base; null removes a field",
                                  example = "{\"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.001}}") JsonNode patch) {
    }

    @Schema(description = "One field of a grid and the values it takes")
    public record GridAxis(
            @Schema(description = "A JSON pointer or a dotted path into the job", example = "/optimizer/learningRate") String field,
            @ArraySchema(arraySchema = @Schema(description = "Any JSON values", example = "[0.01, 0.001]"),
                    schema = @Schema(types = {"number", "integer", "string", "boolean", "object", "array", "null"}))
            List<JsonNode> values) {
    }

    @Schema(description = "Limits of the experiment")
    public record Budget(
            @Schema(description = "A variant asking for more epochs is refused", example = "20") Integer maxEpochsPerRun,
            @Schema(description = "ISO-8601 duration from submission; when it is over, running jobs are cancelled "
                    + "and runs not started are skipped", example = "PT2H") Duration maxWallTime) {
    }
}
