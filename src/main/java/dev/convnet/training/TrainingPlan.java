package dev.convnet.training;

import dev.convnet.definition.Architecture;
import dev.convnet.engine.training.TrainingSettings;
import dev.convnet.training.augment.AugmentationSettings;

/** A validated training job, resolved against its model and dataset: everything the runner needs. */
record TrainingPlan(Architecture architecture, String dataset, TrainingSettings settings, boolean shuffle,
                    ValidationMode validationMode, double validationFraction, int checkpointEveryEpochs,
                    AugmentationSettings augmentation, boolean keepPartialModelOnCancel) {

    enum ValidationMode { TEST, SPLIT, NONE }
}
