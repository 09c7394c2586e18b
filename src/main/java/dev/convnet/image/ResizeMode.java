package dev.convnet.image;

import java.util.Arrays;
import java.util.Locale;

/** How a picture is brought to the model's input size. */
public enum ResizeMode {
    /** Scale each axis on its own to fill the input exactly; the aspect ratio may change. */
    STRETCH("stretch"),
    /** Scale to cover the input keeping the aspect ratio, then cut the overflow evenly from both sides. */
    CENTER_CROP("centerCrop"),
    /**
     * Scale to fit inside the input keeping the aspect ratio, centred, and fill the rest with the picture's
     * background (the mean colour of its border), so a digit on paper is padded with paper.
     */
    PAD("pad");

    private final String parameter;

    ResizeMode(String parameter) {
        this.parameter = parameter;
    }

    /** The spelling used in request parameters and model metadata: stretch, centerCrop, pad. */
    public String parameter() {
        return parameter;
    }

    /** Accepts the parameter spelling or the constant name, in any case ({@code centerCrop}, {@code CENTER_CROP}). */
    public static ResizeMode fromParameter(String value) {
        String wanted = value == null ? "" : value.trim().replace("_", "").toLowerCase(Locale.ROOT);
        for (ResizeMode mode : values()) {
            if (mode.parameter.toLowerCase(Locale.ROOT).equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("resize must be one of "
                + Arrays.stream(values()).map(ResizeMode::parameter).toList() + ", was '" + value + "'");
    }
}
