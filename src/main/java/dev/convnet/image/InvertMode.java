package dev.convnet.image;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether to turn values v into 255 - v before scaling. MNIST digits are light strokes on black, while
 * scans and drawings are dark ink on white paper.
 */
public enum InvertMode {
    NEVER("never"),
    ALWAYS("always"),
    /** Invert when the picture's border (its background) is light, i.e. dark-on-light input. */
    AUTO("auto");

    private final String parameter;

    InvertMode(String parameter) {
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    /** Accepts never | always | auto in any case, and false | true as never | always. */
    public static InvertMode fromParameter(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "false" -> {
                return NEVER;
            }
            case "true" -> {
                return ALWAYS;
            }
            default -> {
                for (InvertMode mode : values()) {
                    if (mode.parameter.equals(wanted)) {
                        return mode;
                    }
                }
            }
        }
        throw new IllegalArgumentException("invert must be one of "
                + Arrays.stream(values()).map(InvertMode::parameter).toList() + ", was '" + value + "'");
    }
}
