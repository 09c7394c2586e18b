package dev.convnet.training;

import dev.convnet.dataset.DatasetSplits;
import dev.convnet.dataset.ImageSet;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** trainImages keeps the first images of the training split, before a validation split; testImages the first test images. */
class ValidationSplitTest {

    private static ImageSet numbered(int count) {
        byte[] pixels = new byte[count];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            pixels[i] = (byte) i;
            labels[i] = i % 2;
        }
        return new ImageSet(count, 1, 1, 1, pixels, labels, List.of("even", "odd"));
    }

    private static TrainingPlan plan(TrainingPlan.ValidationMode mode, double fraction, int trainImages) {
        return plan(mode, fraction, trainImages, 0);
    }

    private static TrainingPlan plan(TrainingPlan.ValidationMode mode, double fraction, int trainImages, int testImages) {
        return new TrainingPlan(null, "numbers", null, true, mode, fraction, 0, null, false, trainImages, testImages, 256);
    }

    @Test
    void aSubsetTrainsOnTheFirstImagesAndValidatesOnTheWholeTestSplit() {
        DatasetSplits splits = new DatasetSplits(numbered(100), numbered(40));
        ValidationSplit split = ValidationSplit.of(splits, plan(TrainingPlan.ValidationMode.TEST, 0, 30));
        assertThat(split.train().count()).isEqualTo(30);
        assertThat(split.train().pixels()[0]).isEqualTo((byte) 0);
        assertThat(split.train().pixels()[29]).isEqualTo((byte) 29);
        assertThat(split.train().labels()[29]).isEqualTo(1);
        assertThat(split.validation().count()).isEqualTo(40);
    }

    @Test
    void aValidationSplitIsTakenFromTheSubset() {
        DatasetSplits splits = new DatasetSplits(numbered(100), numbered(40));
        ValidationSplit split = ValidationSplit.of(splits, plan(TrainingPlan.ValidationMode.SPLIT, 0.2, 50));
        assertThat(split.train().count()).isEqualTo(40);
        assertThat(split.validation().count()).isEqualTo(10);
        assertThat(split.validation().pixels()[0]).isEqualTo((byte) 40);
        assertThat(split.validation().pixels()[9]).isEqualTo((byte) 49);
    }

    @Test
    void noSubsetOrOneAsLargeAsTheSplitKeepsEveryImage() {
        DatasetSplits splits = new DatasetSplits(numbered(100), numbered(40));
        assertThat(ValidationSplit.of(splits, plan(TrainingPlan.ValidationMode.NONE, 0, 0)).train().count()).isEqualTo(100);
        assertThat(ValidationSplit.of(splits, plan(TrainingPlan.ValidationMode.NONE, 0, 100)).train().count()).isEqualTo(100);
        assertThat(ValidationSplit.of(splits, plan(TrainingPlan.ValidationMode.NONE, 0, 100)).validation()).isNull();
    }

    @Test
    void aTestSubsetValidatesOnTheFirstTestImages() {
        DatasetSplits splits = new DatasetSplits(numbered(100), numbered(40));
        ValidationSplit split = ValidationSplit.of(splits, plan(TrainingPlan.ValidationMode.TEST, 0, 0, 15));
        assertThat(split.train().count()).isEqualTo(100);
        assertThat(split.validation().count()).isEqualTo(15);
        assertThat(split.validation().pixels()[14]).isEqualTo((byte) 14);
        assertThat(ValidationSplit.of(splits, plan(TrainingPlan.ValidationMode.SPLIT, 0.1, 0, 15)).validation().count())
                .as("a split validates on training images, whatever the test subset").isEqualTo(10);
    }
}
