package dev.convnet.training;

import dev.convnet.dataset.augment.AugmentationSettings;
import dev.convnet.definition.Architecture;
import dev.convnet.engine.fit.TrainingSettings;

/**
 * A validated training job, resolved against its model and dataset: everything the runner needs.
 *
 * @param trainImages         how many of the training images (the first ones) the job trains on; 0 = all
 * @param testImages          how many of the test images (the first ones) the job validates and is evaluated on; 0 = all
 * @param evaluationBatchSize the batch the trained model is evaluated with: {@value #EVALUATION_BATCH_SIZE}, or
 *                            what the node's memory budget allows for this network
 */
record TrainingPlan(Architecture architecture, String dataset, TrainingSettings settings, boolean shuffle,
                    ValidationMode validationMode, double validationFraction, int checkpointEveryEpochs,
                    AugmentationSettings augmentation, boolean keepPartialModelOnCancel, int trainImages,
                    int testImages, int evaluationBatchSize) {

    static final int EVALUATION_BATCH_SIZE = 256;

    enum ValidationMode { TEST, SPLIT, NONE }
}
