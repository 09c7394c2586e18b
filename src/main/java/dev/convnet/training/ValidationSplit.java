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
        ImageSet train = first(splits.train(), plan.trainImages());
        return switch (plan.validationMode()) {
            case TEST -> new ValidationSplit(train, first(splits.test(), plan.testImages()));
            case NONE -> new ValidationSplit(train, null);
            case SPLIT -> heldOut(train, plan.validationFraction());
        };
    }

    /** The first {@code count} images (all when count is 0 or not smaller), so every seed and variant sees the same ones. */
    static ImageSet first(ImageSet images, int count) {
        return count <= 0 || count >= images.count() ? images : images.subset(IntStream.range(0, count).toArray());
    }

    /** Keras's validation_split: the last fraction of the data, taken before shuffling. */
    private static ValidationSplit heldOut(ImageSet images, double fraction) {
        int count = images.count();
        int held = Math.max(1, (int) Math.round(count * fraction));
        return new ValidationSplit(images.subset(IntStream.range(0, count - held).toArray()),
                images.subset(IntStream.range(count - held, count).toArray()));
    }
}
