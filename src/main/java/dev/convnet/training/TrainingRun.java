package dev.convnet.training;

import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.EpochData;
import java.util.List;

/**
 * What one run of a job works with, resolved from its stored request.
 *
 * @param model      the model the job trains (the parent of the trained one)
 * @param classNames the dataset's classes, in label order
 * @param validation null when the job does not validate
 * @param test       the dataset's test split, which evaluates the trained model; null when it has none
 */
record TrainingRun(ModelEntry model, TrainingPlan plan, List<String> classNames, EpochData train, EpochData validation,
                   EpochData test) {
}
