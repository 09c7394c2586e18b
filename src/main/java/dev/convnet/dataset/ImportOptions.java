package dev.convnet.dataset;

/**
 * Options of a dataset upload.
 *
 * @param name            the new dataset's name: lower-case letters, digits, '-' and '_', at most 64 characters
 * @param validationSplit fraction of each class's training images (the first ones by file name, as Keras's
 *                        {@code validation_split} does) held out as the test split; null for none. Not allowed
 *                        together with a {@code test/} folder
 * @param targetSize      size every image is stretched to (Pillow's bilinear filter, as predictions are
 *                        resized); null to require all images to share one size
 * @param colorMode       channels of the stored images
 */
public record ImportOptions(String name, Double validationSplit, TargetSize targetSize, ColorMode colorMode) {

    public ImportOptions {
        colorMode = colorMode == null ? ColorMode.AUTO : colorMode;
    }

    /** Height and width in pixels, each 1 to {@link #MAX_SIDE}. */
    public record TargetSize(int height, int width) {

        /** The longest side a dataset may be resized to, for the API and the importer alike. */
        public static final int MAX_SIDE = 4096;
    }

    public enum ColorMode {
        /** One channel when every image is greyscale, else three. */
        AUTO,
        /** One channel; colour images are converted with ITU-R 601 luma weights, as PIL's "L" mode does. */
        GRAYSCALE,
        /** Three channels; greyscale images are replicated. */
        RGB
    }
}
