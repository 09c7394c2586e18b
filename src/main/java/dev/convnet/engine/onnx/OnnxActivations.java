package dev.convnet.engine.onnx;

import dev.convnet.definition.Activation;
import dev.convnet.engine.onnx.OnnxGraph.Attribute;
import java.util.List;

/**
 * Activations as ONNX operators, with the constants DL4J computes them with (the engine that trained the weights),
 * so that an exported model answers as the service does.
 */
final class OnnxActivations {

    /** DL4J's ActivationSELU constants (ONNX's Selu defaults are rounded to float differently). */
    private static final float SELU_ALPHA = 1.6732632423543772848170429916717f;
    private static final float SELU_GAMMA = 1.0507009873554804934193349852946f;
    /** The slope DL4J's leaky ReLU and hard sigmoid are built with in this service (Keras 3's leaky_relu). */
    private static final float LEAKY_RELU_SLOPE = 0.2f;

    private OnnxActivations() {
    }

    /**
     * The activation applied to {@code input}; {@code channelAxis} is where softmax normalizes (Keras: the last axis,
     * which is 1 while spatial tensors are NCHW inside the graph).
     */
    static String apply(OnnxGraph graph, Activation activation, String input, int channelAxis) {
        List<String> x = List.of(input);
        return switch (activation) {
            case LINEAR -> input;
            case RELU -> graph.node("Relu", x);
            case RELU6 -> graph.node("Clip", List.of(input, graph.scalar(0f), graph.scalar(6f)));
            case TANH -> graph.node("Tanh", x);
            case SIGMOID -> graph.node("Sigmoid", x);
            // DL4J's hard sigmoid is Keras 2's: clip(0.2 x + 0.5, 0, 1), ONNX HardSigmoid's defaults
            case HARD_SIGMOID -> graph.node("HardSigmoid", x, Attribute.of("alpha", 0.2f), Attribute.of("beta", 0.5f));
            case SOFTMAX -> graph.node("Softmax", x, Attribute.of("axis", (long) channelAxis));
            case SOFTPLUS -> graph.node("Softplus", x);
            case SOFTSIGN -> graph.node("Softsign", x);
            case ELU -> graph.node("Elu", x, Attribute.of("alpha", 1f));
            case SELU -> graph.node("Selu", x, Attribute.of("alpha", SELU_ALPHA), Attribute.of("gamma", SELU_GAMMA));
            case LEAKY_RELU -> graph.node("LeakyRelu", x, Attribute.of("alpha", LEAKY_RELU_SLOPE));
            case SWISH -> graph.node("Mul", List.of(input, graph.node("Sigmoid", x)));
            case GELU -> dl4jPreciseGelu(graph, input);
        };
    }

    /**
     * DL4J's "precise" GELU, which the service trains with: {@code x/2 * (1 + tanh(sqrt(2/pi) * (x + (0.044715 x)^3)))}.
     * libnd4j cubes {@code 0.044715 x}, not {@code x} as the tanh approximation does, so ONNX's Gelu (either form)
     * would answer differently: the formula is spelled out here.
     */
    private static String dl4jPreciseGelu(OnnxGraph graph, String x) {
        String scaled = graph.node("Mul", List.of(x, graph.scalar(0.044715f)));
        String cubed = graph.node("Mul", List.of(graph.node("Mul", List.of(scaled, scaled)), scaled));
        String inner = graph.node("Mul", List.of(graph.node("Add", List.of(x, cubed)),
                graph.scalar((float) Math.sqrt(2 / Math.PI))));
        String onePlusTanh = graph.node("Add", List.of(graph.node("Tanh", List.of(inner)), graph.scalar(1f)));
        return graph.node("Mul", List.of(graph.node("Mul", List.of(x, graph.scalar(0.5f))), onePlusTanh));
    }
}
