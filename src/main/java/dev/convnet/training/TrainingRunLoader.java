package dev.convnet.training;

import dev.convnet.dataset.DatasetCatalog;
import dev.convnet.dataset.DatasetSplits;
import dev.convnet.dataset.augment.ImageSetEpochData;
import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.EpochData;
import dev.convnet.engine.fit.TrainingSettings;
import dev.convnet.models.ModelDefinitionService;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Resolves a claimed job's stored request into a run: its model, its plan (checked again, as model, dataset and
 * limits may have changed since it was queued) and its data, split into batches for training and validation.
 */
@Component
class TrainingRunLoader {

    private final ObjectMapper json;
    private final ModelDefinitionService definitions;
    private final TrainingPlanner planner;
    private final DatasetCatalog datasets;

    TrainingRunLoader(ObjectMapper json, ModelDefinitionService definitions, TrainingPlanner planner, DatasetCatalog datasets) {
        this.json = json;
        this.definitions = definitions;
        this.planner = planner;
        this.datasets = datasets;
    }

    TrainingRun load(TrainingJob job) {
        TrainingJobRequest request = json.readValue(job.requestJson(), TrainingJobRequest.class);
        ModelEntry model = definitions.get(job.modelId());
        TrainingPlan plan = planner.plan(request, model, request.seed());
        DatasetSplits splits = datasets.load(plan.dataset());
        ValidationSplit split = ValidationSplit.of(splits, plan);
        TrainingSettings settings = plan.settings();
        EpochData train = new ImageSetEpochData(split.train(), settings.batchSize(), plan.shuffle(), settings.seed(),
                plan.augmentation());
        EpochData validation = split.validation() == null ? null
                : new ImageSetEpochData(split.validation(), settings.batchSize(), false, 0, null);
        return new TrainingRun(model, plan, splits, train, validation);
    }
}
