package dev.convnet.training;

import dev.convnet.common.BadRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The planner's check of trainImages and testImages against the dataset's split sizes. */
class TrainingSubsetTest {

    @Test
    void absentMeansEveryImage() {
        assertThat(TrainingPlanner.subset("/trainImages", null, 60_000, "training", "mnist")).isZero();
    }

    @Test
    void aSubsetUpToTheSplitsSizeIsKept() {
        assertThat(TrainingPlanner.subset("/trainImages", 2_000, 60_000, "training", "mnist")).isEqualTo(2_000);
        assertThat(TrainingPlanner.subset("/testImages", 10_000, 10_000, "test", "mnist")).isEqualTo(10_000);
    }

    @Test
    void moreImagesThanTheSplitHoldsIsRefusedNamingTheField() {
        assertThatThrownBy(() -> TrainingPlanner.subset("/testImages", 10_001, 10_000, "test", "fashion-mnist"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("/testImages"))
                .hasMessage("testImages must be at most the 10000 test images of dataset 'fashion-mnist', got 10001");
    }
}
