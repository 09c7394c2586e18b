package dev.convnet.definition;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Activation functions a definition may name, with the Keras spelling used in summaries and Keras JSON. */
public enum Activation {
    LINEAR("linear"),
    RELU("relu"),
    RELU6("relu6"),
    TANH("tanh"),
    SIGMOID("sigmoid"),
    HARD_SIGMOID("hard_sigmoid"),
    SOFTMAX("softmax"),
    SOFTPLUS("softplus"),
    SOFTSIGN("softsign"),
    ELU("elu"),
    SELU("selu"),
    LEAKY_RELU("leaky_relu"),
    SWISH("swish"),
    GELU("gelu");

    private final String kerasName;

    Activation(String kerasName) {
        this.kerasName = kerasName;
    }

    public String kerasName() {
        return kerasName;
    }

    /** Accepts Keras's snake_case and this API's camelCase ("leakyRelu", "leaky_relu"); "silu" is Keras 3's swish. */
    public static Optional<Activation> parse(String text) {
        String key = normalize(text);
        if (key.equals("silu")) {
            return Optional.of(SWISH);
        }
        return Arrays.stream(values()).filter(a -> normalize(a.kerasName).equals(key)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(Activation::kerasName).collect(Collectors.joining(", "));
    }

    static String normalize(String text) {
        return text.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
