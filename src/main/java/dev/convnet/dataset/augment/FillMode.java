package dev.convnet.dataset.augment;


/**
 * How samples that fall outside the image are filled, with scipy.ndimage semantics on a 1-D row
 * {@code a b c d} (pixel centres at integer coordinates, bilinear interpolation over the extended grid).
 *
 * <p>Semantics followed: Keras 3's {@code keras.ops.image.affine_transform} (numpy backend), which maps
 * Keras's {@code constant} to scipy {@code grid-constant} and {@code wrap} to scipy {@code grid-wrap}, and
 * uses scipy {@code nearest} and {@code reflect} unchanged; TensorFlow's image transform behaves the same.
 * The legacy {@code ImageDataGenerator} (Keras 2.x, and Keras 3's {@code keras._legacy}) passes
 * {@code constant}/{@code wrap} to scipy's older non-grid modes instead; those differ only within one
 * pixel outside the edge for {@code constant} (no blending with cval) and in the period of {@code wrap}
 * ({@code n-1} instead of {@code n}, scipy's documented oddity). The lesson uses {@code nearest}, which is
 * identical in every version.
 */
public enum FillMode {
    /** {@code k k k k | a b c d | k k k k} with k = cval (scipy grid-constant). */
    CONSTANT,
    /** {@code a a a a | a b c d | d d d d}. */
    NEAREST,
    /** {@code d c b a | a b c d | d c b a} (scipy reflect, half-sample symmetric). */
    REFLECT,
    /** {@code a b c d | a b c d | a b c d} (scipy grid-wrap, period n). */
    WRAP;

    /** Marker returned by {@link #sourceIndex} when the sample is the constant fill value. */
    static final int OUTSIDE = -1;

    /** Maps a grid index, possibly outside {@code [0, size)}, to the index it reads, or {@link #OUTSIDE}. */
    int sourceIndex(int index, int size) {
        if (index >= 0 && index < size) {
            return index;
        }
        return switch (this) {
            case CONSTANT -> OUTSIDE;
            case NEAREST -> index < 0 ? 0 : size - 1;
            case REFLECT -> {
                int period = 2 * size;
                int folded = Math.floorMod(index, period);
                yield folded < size ? folded : period - 1 - folded;
            }
            case WRAP -> Math.floorMod(index, size);
        };
    }
}
