package dev.convnet.training;

import dev.convnet.common.BadRequestException;
import dev.convnet.dataset.ImageShape;
import dev.convnet.dataset.augment.AugmentationSettings;
import dev.convnet.dataset.augment.Cutout;
import dev.convnet.dataset.augment.FillMode;
import dev.convnet.dataset.augment.RandomCrop;
import java.util.Locale;

/**
 * A job's augmentation request -> the settings the batch pipeline applies, with Keras's defaults; every refusal
 * names the request field at fault. Ranges of single fields are the request's constraints, checked before.
 */
final class AugmentationPlanner {

    private AugmentationPlanner() {
    }

    /** Null when nothing would change an image. */
    static AugmentationSettings plan(TrainingJobRequest.Augmentation a, ImageShape shape) {
        if (a == null) {
            return null;
        }
        FillMode fillMode = switch (lower(a.fillMode(), "nearest")) {
            case "nearest" -> FillMode.NEAREST;
            case "constant" -> FillMode.CONSTANT;
            case "reflect" -> FillMode.REFLECT;
            case "wrap" -> FillMode.WRAP;
            default -> throw new BadRequestException("/augmentation/fillMode", "fillMode '" + a.fillMode()
                    + "' is unknown; one of: nearest, constant, reflect, wrap");
        };
        double zoom = a.zoomRange() == null ? 0 : a.zoomRange();
        AugmentationSettings settings;
        try {
            settings = new AugmentationSettings(orZero(a.rotationRange()), orZero(a.widthShiftRange()),
                    orZero(a.heightShiftRange()), orZero(a.shearRange()), 1 - zoom, 1 + zoom,
                    Boolean.TRUE.equals(a.horizontalFlip()), Boolean.TRUE.equals(a.verticalFlip()), fillMode, orZero(a.cval()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("/augmentation", "augmentation: " + e.getMessage());
        }
        settings = settings.withCropAndCutout(crop(a, shape), cutout(a, shape));
        return settings.isIdentity() ? null : settings;
    }

    private static RandomCrop crop(TrainingJobRequest.Augmentation a, ImageShape shape) {
        RandomCrop.Padding mode = switch (lower(a.cropPaddingMode(), "zero")) {
            case "zero" -> RandomCrop.Padding.ZERO;
            case "reflect" -> RandomCrop.Padding.REFLECT;
            default -> throw new BadRequestException("/augmentation/cropPaddingMode", "cropPaddingMode '"
                    + a.cropPaddingMode() + "' is unknown; one of: zero, reflect");
        };
        int padding = a.cropPadding() == null ? 0 : a.cropPadding();
        if (padding == 0) {
            return null;
        }
        RandomCrop crop = new RandomCrop(padding, mode);
        try {
            crop.requireFits(shape.height(), shape.width());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("/augmentation/cropPadding", e.getMessage());
        }
        return crop;
    }

    private static Cutout cutout(TrainingJobRequest.Augmentation a, ImageShape shape) {
        Cutout.Fill fill = switch (lower(a.cutoutFill(), "zero")) {
            case "zero" -> Cutout.Fill.ZERO;
            case "mean" -> Cutout.Fill.MEAN;
            default -> throw new BadRequestException("/augmentation/cutoutFill", "cutoutFill '" + a.cutoutFill()
                    + "' is unknown; one of: zero, mean");
        };
        int size = a.cutoutSize() == null ? 0 : a.cutoutSize();
        if (size == 0) {
            if (a.cutoutProbability() != null) {
                throw new BadRequestException("/augmentation/cutoutProbability", "cutoutProbability needs a cutoutSize above 0");
            }
            return null;
        }
        if (size > Math.min(shape.height(), shape.width())) {
            throw new BadRequestException("/augmentation/cutoutSize", "cutoutSize " + size + " must not exceed the image's "
                    + "height and width (" + shape.height() + "x" + shape.width() + ")");
        }
        return new Cutout(size, a.cutoutProbability() == null ? 1 : a.cutoutProbability(), fill);
    }

    private static String lower(String value, String defaultValue) {
        return value == null ? defaultValue : value.toLowerCase(Locale.ROOT);
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
