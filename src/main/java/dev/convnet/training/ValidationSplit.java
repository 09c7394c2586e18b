package dev.convnet.training;

import dev.convnet.dataset.DatasetSplits;
import dev.convnet.dataset.ImageSet;
import java.util.stream.IntStream;

/**
 * The images a job trains on and the ones it validates on after each epoch, as its plan's validation mode says.
 *
 * @param validation null when the job does not validate
 */
record ValidationSplit(ImageSet train, ImageSet validation) {

    static ValidationSplit of(DatasetSplits splits, TrainingPlan plan) {
        return switch (plan.validationMode()) {
            case TEST -> new ValidationSplit(splits.train(), splits.test());
            case NONE -> new ValidationSplit(splits.train(), null);
            case SPLIT -> heldOut(splits.train(), plan.validationFraction());
        };
    }

    /** Keras's validation_split: the last fraction of the data, taken before shuffling. */
    private static ValidationSplit heldOut(ImageSet images, double fraction) {
        int count = images.count();
        int held = Math.max(1, (int) Math.round(count * fraction));
        return new ValidationSplit(images.subset(IntStream.range(0, count - held).toArray()),
                images.subset(IntStream.range(count - held, count).toArray()));
    }
}
