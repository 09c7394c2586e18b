package dev.convnet.evaluation;

import dev.convnet.admission.ModelAdmission;
import dev.convnet.common.BadRequestException;
import dev.convnet.common.NotFoundException;
import dev.convnet.dataset.DatasetCatalog;
import dev.convnet.dataset.augment.ImageSetEpochData;
import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.fit.EvaluationReport;
import dev.convnet.engine.fit.NetworkEvaluator;
import dev.convnet.models.ModelDefinitionService;
import dev.convnet.store.StoredNetworks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/models/{id}/evaluation", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Evaluation", description = "Test loss and accuracy, top-k, confusion matrix, per-class precision/recall/F1")
class EvaluationController {

    private static final int EVALUATION_BATCH_SIZE = 256;

    record EvaluationView(UUID modelId, String dataset, String split, Instant createdAt, EvaluationReport report) {
    }

    private final EvaluationStore evaluations;
    private final ModelDefinitionService definitions;
    private final StoredNetworks networks;
    private final DatasetCatalog datasets;
    private final NetworkEvaluator evaluator;
    private final ModelAdmission admission;

    EvaluationController(EvaluationStore evaluations, ModelDefinitionService definitions, StoredNetworks networks,
                         DatasetCatalog datasets, NetworkEvaluator evaluator, ModelAdmission admission) {
        this.evaluations = evaluations;
        this.admission = admission;
        this.definitions = definitions;
        this.networks = networks;
        this.datasets = datasets;
        this.evaluator = evaluator;
    }

    @GetMapping
    @Operation(summary = "The model's latest evaluation")
    EvaluationView latest(@PathVariable UUID id) {
        definitions.get(id);
        return evaluations.latest(id).map(EvaluationController::view)
                .orElseThrow(() -> new NotFoundException("Evaluation", "of model " + id));
    }

    @PostMapping
    @Operation(summary = "Evaluate the model now on a dataset's test split",
            description = "Default dataset: the one the model was trained on.")
    EvaluationView evaluate(@PathVariable UUID id,
                            @Parameter(description = "Dataset name; default: the training dataset") @RequestParam(required = false) String dataset,
                            @Parameter(description = "k of top-k accuracy") @RequestParam(defaultValue = "5") int topK,
                            @Parameter(description = "Test-time augmentation: score each image by the mean of the model's "
                                    + "predictions for it and for its horizontal mirror")
                            @RequestParam(defaultValue = "false") boolean testTimeFlip) {
        ModelEntry model = definitions.getLoadable(id);
        String name = dataset != null ? dataset : model.model().lineage() == null ? null : model.model().lineage().dataset();
        if (name == null) {
            throw new BadRequestException("dataset", "this model was not trained here; name the dataset to evaluate on");
        }
        var splits = datasets.load(name);
        if (splits.test().count() == 0) {
            throw new BadRequestException("dataset", "dataset '" + name + "' has no test split");
        }
        var input = model.architecture().definition().inputShape();
        var shape = splits.test().shape();
        if (input.height() != shape.height() || input.width() != shape.width() || input.channels() != shape.channels()
                || model.architecture().outputShape().lastAxis() != splits.test().numClasses()) {
            throw new BadRequestException("dataset", "dataset '" + name + "' does not fit the model's input or classes");
        }
        EvaluationReport report = evaluator.evaluate(networks.load(id),
                new ImageSetEpochData(splits.test(), admission.inferenceBatchSize(model.architecture(), EVALUATION_BATCH_SIZE),
                        false, 0, null), splits.test().classNames(), Math.max(1, topK), testTimeFlip);
        return view(evaluations.save(id, name, "test", report));
    }

    private static EvaluationView view(EvaluationStore.StoredEvaluation stored) {
        return new EvaluationView(stored.modelId(), stored.dataset(), stored.split(), stored.createdAt(), stored.report());
    }
}
