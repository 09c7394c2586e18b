package dev.convnet.dataset.augment;

/**
 * One image's random transform, named as Keras's {@code get_random_transform} names it: {@code theta} and
 * {@code shear} in degrees, {@code tx} the vertical shift in pixels (Keras draws it from
 * {@code height_shift_range}), {@code ty} the horizontal shift in pixels (from {@code width_shift_range}),
 * {@code zx}/{@code zy} the zoom factors along x (columns) and y (rows). A positive shift samples from
 * further down/right, so the content moves up/left; the flips are applied after the affine part, as in Keras.
 */
public record TransformParameters(double theta, double tx, double ty, double shear, double zx, double zy,
        boolean flipHorizontal, boolean flipVertical) {

    public static final TransformParameters IDENTITY = new TransformParameters(0, 0, 0, 0, 1, 1, false, false);

    public boolean isIdentity() {
        return !hasAffinePart() && !flipHorizontal && !flipVertical;
    }

    /** Same test as Keras's {@code apply_affine_transform}, which resamples only when this is true. */
    boolean hasAffinePart() {
        return theta != 0 || tx != 0 || ty != 0 || shear != 0 || zx != 1 || zy != 1;
    }
}
