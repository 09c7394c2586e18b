package dev.convnet.training;

import dev.convnet.dataset.DatasetCatalog;
import dev.convnet.dataset.DatasetSplits;
import dev.convnet.dataset.FolderDatasets;
import dev.convnet.dataset.FolderLayout;
import dev.convnet.dataset.augment.FolderEpochData;
import dev.convnet.dataset.augment.ImageSetEpochData;
import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.EpochData;
import dev.convnet.engine.fit.TrainingSettings;
import dev.convnet.image.ImageDecoder;
import dev.convnet.models.ModelDefinitionService;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Resolves a claimed job's stored request into a run: its model, its plan (checked again, as model, dataset and
 * limits may have changed since it was queued) and its data, split into batches for training and validation.
 * In-memory datasets are loaded whole; folder datasets are streamed from disk batch by batch.
 */
@Component
class TrainingRunLoader {

    private final ObjectMapper json;
    private final ModelDefinitionService definitions;
    private final TrainingPlanner planner;
    private final DatasetCatalog datasets;
    private final FolderDatasets folders;
    private final ImageDecoder decoder;

    TrainingRunLoader(ObjectMapper json, ModelDefinitionService definitions, TrainingPlanner planner, DatasetCatalog datasets,
                      FolderDatasets folders, ImageDecoder decoder) {
        this.json = json;
        this.definitions = definitions;
        this.planner = planner;
        this.datasets = datasets;
        this.folders = folders;
        this.decoder = decoder;
    }

    TrainingRun load(TrainingJob job) {
        TrainingJobRequest request = json.readValue(job.requestJson(), TrainingJobRequest.class);
        ModelEntry model = definitions.get(job.modelId());
        TrainingPlan plan = planner.plan(request, model, request.seed());
        var streamed = datasets.streamed(plan.dataset());
        if (streamed.isPresent()) {
            return streamedRun(model, plan, streamed.get());
        }
        DatasetSplits splits = datasets.load(plan.dataset());
        ValidationSplit split = ValidationSplit.of(splits, plan);
        TrainingSettings settings = plan.settings();
        EpochData train = new ImageSetEpochData(split.train(), settings.batchSize(), plan.shuffle(), settings.seed(),
                plan.augmentation());
        EpochData validation = split.validation() == null ? null
                : new ImageSetEpochData(split.validation(), settings.batchSize(), false, 0, null);
        EpochData test = splits.test().count() == 0 ? null
                : new ImageSetEpochData(ValidationSplit.first(splits.test(), plan.testImages()), plan.evaluationBatchSize(),
                false, 0, null);
        return new TrainingRun(model, plan, splits.train().classNames(), train, validation, test);
    }

    private TrainingRun streamedRun(ModelEntry model, TrainingPlan plan, FolderDatasets.Streamed dataset) {
        FolderLayout layout = dataset.layout();
        List<FolderLayout.Entry> train = plan.trainImages() > 0 && plan.trainImages() < layout.train().size()
                ? layout.train().subList(0, plan.trainImages()) : layout.train();
        List<FolderLayout.Entry> test = plan.testImages() > 0 && plan.testImages() < layout.test().size()
                ? layout.test().subList(0, plan.testImages()) : layout.test();
        List<FolderLayout.Entry> validation = switch (plan.validationMode()) {
            case TEST -> test;
            case NONE -> List.of();
            case SPLIT -> {
                // Keras's validation_split: the last fraction of the training files, taken before shuffling
                int held = Math.max(1, (int) Math.round(train.size() * plan.validationFraction()));
                List<FolderLayout.Entry> all = train;
                train = all.subList(0, all.size() - held);
                yield all.subList(all.size() - held, all.size());
            }
        };
        TrainingSettings settings = plan.settings();
        int classes = layout.classNames().size();
        return new TrainingRun(model, plan, layout.classNames(),
                folder(train, dataset, classes, settings.batchSize(), plan.shuffle(), settings.seed(), plan),
                validation.isEmpty() ? null : folder(validation, dataset, classes, settings.batchSize(), false, 0, null),
                test.isEmpty() ? null
                        : folder(test, dataset, classes, plan.evaluationBatchSize(), false, 0, null));
    }

    private EpochData folder(List<FolderLayout.Entry> entries, FolderDatasets.Streamed dataset, int classes, int batchSize,
                             boolean shuffle, long seed, TrainingPlan augmented) {
        return new FolderEpochData(entries, dataset.shape(), classes, decoder, batchSize, shuffle, seed,
                augmented == null ? null : augmented.augmentation(), folders.decodeThreads());
    }
}
