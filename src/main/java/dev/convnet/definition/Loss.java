package dev.convnet.definition;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Training losses, named as in Keras. */
public enum Loss {
    CATEGORICAL_CROSSENTROPY("categorical_crossentropy"),
    SPARSE_CATEGORICAL_CROSSENTROPY("sparse_categorical_crossentropy"),
    BINARY_CROSSENTROPY("binary_crossentropy"),
    MEAN_SQUARED_ERROR("mean_squared_error"),
    MEAN_ABSOLUTE_ERROR("mean_absolute_error"),
    HINGE("hinge"),
    SQUARED_HINGE("squared_hinge"),
    KL_DIVERGENCE("kl_divergence"),
    POISSON("poisson");

    private final String kerasName;

    Loss(String kerasName) {
        this.kerasName = kerasName;
    }

    public String kerasName() {
        return kerasName;
    }

    public static Optional<Loss> parse(String text) {
        String key = Activation.normalize(text);
        switch (key) {
            case "mse": return Optional.of(MEAN_SQUARED_ERROR);
            case "mae": return Optional.of(MEAN_ABSOLUTE_ERROR);
            case "kld", "kullbackleiblerdivergence": return Optional.of(KL_DIVERGENCE);
            default: break;
        }
        return Arrays.stream(values()).filter(l -> Activation.normalize(l.kerasName).equals(key)).findFirst();
    }

    /** Keras has no implicit loss; like the lesson, we pick the one that fits the output activation. */
    public static Loss defaultFor(Activation outputActivation) {
        return switch (outputActivation) {
            case SOFTMAX -> CATEGORICAL_CROSSENTROPY;
            case SIGMOID -> BINARY_CROSSENTROPY;
            default -> MEAN_SQUARED_ERROR;
        };
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(Loss::kerasName).collect(Collectors.joining(", "));
    }
}
