package dev.convnet.image;

/** An upload that is not an image this service will decode; {@link #reason()} says why, for machines. */
public class InvalidImageException extends RuntimeException {

    /** Why an image was refused. Codes are stable: clients may switch on {@link #name()}. */
    public enum Reason {
        /** No bytes at all. */
        EMPTY(false),
        /** More encoded bytes than {@link ImageLimits#maxBytes()}. */
        TOO_MANY_BYTES(true),
        /** No ImageIO reader recognises the data. */
        NOT_AN_IMAGE(false),
        /** An image, but in a format outside {@link ImageFormat}. */
        UNSUPPORTED_FORMAT(false),
        /** The header gives a width or height of 0. */
        ZERO_SIZE(false),
        /** Width x height above {@link ImageLimits#maxPixels()}: refused before decoding. */
        TOO_MANY_PIXELS(true),
        /** Longest side / shortest side above {@link ImageLimits#maxAspectRatio()}. */
        EXTREME_ASPECT_RATIO(false),
        /** Shortest side below {@link ImageLimits#minSide()}. */
        TOO_SMALL(false),
        /** The file ends before the image does. */
        TRUNCATED(false),
        /** The decoder failed on the data. */
        CORRUPT(false);

        private final boolean sizeLimit;

        Reason(boolean sizeLimit) {
            this.sizeLimit = sizeLimit;
        }

        /** True when the image is refused for being too big (HTTP 413 rather than 400). */
        public boolean exceedsSizeLimit() {
            return sizeLimit;
        }
    }

    private final Reason reason;

    public InvalidImageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidImageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
