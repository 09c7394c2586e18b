package dev.convnet.dataset.augment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AugmentationSettingsTest {

    @Test
    void kerasFloatZoomRangeBecomesOneMinusToOnePlus() {
        AugmentationSettings settings = AugmentationSettings.keras(10, 0.1, 0.2, 5, 0.25, true, false,
                FillMode.REFLECT, 0);

        assertThat(settings.zoomRangeLow()).isEqualTo(0.75);
        assertThat(settings.zoomRangeHigh()).isEqualTo(1.25);
        assertThat(settings.widthShiftRange()).isEqualTo(0.1);
        assertThat(settings.heightShiftRange()).isEqualTo(0.2);
        assertThat(settings.isIdentity()).isFalse();
    }

    @Test
    void lessonSettingsAreTheCifar10Generator() {
        AugmentationSettings lesson = AugmentationSettings.LESSON_CIFAR10;

        assertThat(lesson).isEqualTo(new AugmentationSettings(0, 0.1, 0.1, 0, 1, 1, true, false,
                FillMode.NEAREST, 0));
        assertThat(lesson.isIdentity()).isFalse();
        assertThat(AugmentationSettings.NONE.isIdentity()).isTrue();
        assertThat(AugmentationSettings.keras(0, 0, 0, 0, 0, false, false, FillMode.CONSTANT, 128).isIdentity())
                .isTrue();
        assertThat(AugmentationSettings.keras(0, 0, 0, 0, 0, false, true, FillMode.CONSTANT, 0).isIdentity())
                .isFalse();
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> AugmentationSettings.keras(-1, 0, 0, 0, 0, false, false, FillMode.NEAREST, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rotationRange");
        assertThatThrownBy(() -> AugmentationSettings.keras(0, -0.1, 0, 0, 0, false, false, FillMode.NEAREST, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("widthShiftRange");
        assertThatThrownBy(() -> AugmentationSettings.keras(0, 0, Double.NaN, 0, 0, false, false, FillMode.NEAREST, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("heightShiftRange");
        assertThatThrownBy(() -> AugmentationSettings.keras(0, 0, 0, -2, 0, false, false, FillMode.NEAREST, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("shearRange");
        assertThatThrownBy(() -> AugmentationSettings.keras(0, 0, 0, 0, 1, false, false, FillMode.NEAREST, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("zoomRange");
        assertThatThrownBy(() -> AugmentationSettings.keras(0, 0, 0, 0, -0.1, false, false, FillMode.NEAREST, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("zoomRange");
        assertThatThrownBy(() -> AugmentationSettings.keras(0, 0, 0, 0, 0.0, 1.0, false, false, FillMode.NEAREST, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("zoomRangeLow");
        assertThatThrownBy(() -> AugmentationSettings.keras(0, 0, 0, 0, 1.5, 1.2, false, false, FillMode.NEAREST, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("zoomRangeHigh");
        assertThatThrownBy(() -> AugmentationSettings.keras(0, 0, 0, 0, 0, false, false, FillMode.CONSTANT, 256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cval");
        assertThatThrownBy(() -> AugmentationSettings.keras(0, 0, 0, 0, 0, false, false, FillMode.CONSTANT, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cval");
    }

    @Test
    void fillModesExtendARowLikeScipy() {
        // Row a b c d at indices 0..3, read from -4 .. 7.
        int[] reflect = new int[12];
        int[] wrap = new int[12];
        int[] nearest = new int[12];
        int[] constant = new int[12];
        for (int i = -4; i < 8; i++) {
            reflect[i + 4] = FillMode.REFLECT.sourceIndex(i, 4);
            wrap[i + 4] = FillMode.WRAP.sourceIndex(i, 4);
            nearest[i + 4] = FillMode.NEAREST.sourceIndex(i, 4);
            constant[i + 4] = FillMode.CONSTANT.sourceIndex(i, 4);
        }
        assertThat(reflect).containsExactly(3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0);
        assertThat(wrap).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
        assertThat(nearest).containsExactly(0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3);
        assertThat(constant).containsExactly(-1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1);
    }
}
