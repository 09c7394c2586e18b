package dev.convnet.definition;

import java.util.List;

/**
 * Shapes and Keras parameter counts of the depthwise convolutions. Keras: DepthwiseConv2D holds a
 * [kh, kw, in, multiplier] kernel and in * multiplier biases; SeparableConv2D adds a 1x1 [1, 1, in * multiplier,
 * filters] pointwise kernel and {@code filters} biases.
 */
final class SeparableShapes {

    private SeparableShapes() {
    }

    static LayerShape infer(int index, LayerSpec layer, TensorShape input, List<Violation> violations) {
        if (!ShapeInference.requireSpatial(index, layer, input, violations)) {
            return null;
        }
        if (layer instanceof LayerSpec.SeparableConv2D conv) {
            if (!ShapeInference.windowFits(index, conv, "kernelSize", conv.kernelHeight(), conv.kernelWidth(), conv.padding(),
                    input, violations)) {
                return null;
            }
            long depthwise = (long) conv.kernelHeight() * conv.kernelWidth() * input.lastAxis() * conv.depthMultiplier();
            long pointwise = (long) input.lastAxis() * conv.depthMultiplier() * conv.filters();
            long params = depthwise + pointwise + (conv.useBias() ? conv.filters() : 0);
            return new LayerShape(index, conv, input, output(conv.padding(), conv.kernelHeight(), conv.kernelWidth(),
                    conv.strideHeight(), conv.strideWidth(), input, conv.filters()), params, 0);
        }
        LayerSpec.DepthwiseConv2D conv = (LayerSpec.DepthwiseConv2D) layer;
        if (!ShapeInference.windowFits(index, conv, "kernelSize", conv.kernelHeight(), conv.kernelWidth(), conv.padding(),
                input, violations)) {
            return null;
        }
        int channels = input.lastAxis() * conv.depthMultiplier();
        long params = (long) conv.kernelHeight() * conv.kernelWidth() * channels + (conv.useBias() ? channels : 0);
        return new LayerShape(index, conv, input, output(conv.padding(), conv.kernelHeight(), conv.kernelWidth(),
                conv.strideHeight(), conv.strideWidth(), input, channels), params, 0);
    }

    private static TensorShape output(Padding padding, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                                      TensorShape input, int channels) {
        return TensorShape.spatial(padding.outputSize(input.height(), kernelHeight, strideHeight),
                padding.outputSize(input.width(), kernelWidth, strideWidth), channels);
    }
}
