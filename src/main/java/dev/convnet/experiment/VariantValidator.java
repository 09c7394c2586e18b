package dev.convnet.experiment;

import dev.convnet.common.BadRequestException;
import dev.convnet.training.TrainingJobRequest;
import dev.convnet.training.TrainingJobService;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks each variant's job as POST /api/v1/training-jobs would (the same binding, constraints and planner), so that
 * an experiment is refused whole, naming the variant and its field, before anything is stored or queued.
 */
@Component
class VariantValidator {

    private final ObjectMapper json;
    private final Validator validator;
    private final TrainingJobService jobs;

    VariantValidator(ObjectMapper json, Validator validator, TrainingJobService jobs) {
        this.json = json;
        this.validator = validator;
        this.jobs = jobs;
    }

    /** The variant's job as the training API reads it; {@code maxEpochs} is the experiment's budget per run, or null. */
    TrainingJobRequest check(PlannedVariant variant, Integer maxEpochs) {
        TrainingJobRequest request = bind(variant.name(), variant.job());
        Set<ConstraintViolation<TrainingJobRequest>> violations = validator.validate(request);
        violations.stream().min(Comparator.comparing(v -> v.getPropertyPath().toString())).ifPresent(first -> {
            String path = first.getPropertyPath().toString();
            throw new InvalidVariantException(variant.name(), "/" + path.replace('.', '/'), path + " " + first.getMessage());
        });
        int epochs = request.epochs() == null ? 1 : request.epochs();
        if (maxEpochs != null && epochs > maxEpochs) {
            throw new InvalidVariantException(variant.name(), "/epochs", "epochs " + epochs
                    + " is over the experiment's budget (budget.maxEpochsPerRun = " + maxEpochs + ")");
        }
        try {
            jobs.check(request);
        } catch (InvalidVariantException e) {
            throw e;
        } catch (BadRequestException e) {
            throw new InvalidVariantException(variant.name(), e.field(), e.getMessage());
        }
        return request;
    }

    TrainingJobRequest bind(String variant, ObjectNode job) {
        try {
            return json.treeToValue(job, TrainingJobRequest.class);
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() ? "/" : "/" + String.join("/", e.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : String.valueOf(ref.getIndex())).toList());
            throw new InvalidVariantException(variant, field, "the job does not read as a training job: " + e.getOriginalMessage());
        }
    }
}
