package dev.convnet.training;

import dev.convnet.dataset.DatasetSplits;
import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.EpochData;

/**
 * What one run of a job works with, resolved from its stored request.
 *
 * @param model      the model the job trains (the parent of the trained one)
 * @param splits     the whole dataset: its test part evaluates the trained model
 * @param validation null when the job does not validate
 */
record TrainingRun(ModelEntry model, TrainingPlan plan, DatasetSplits splits, EpochData train, EpochData validation) {
}
