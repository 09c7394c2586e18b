package dev.convnet.engine.dl4j;

import dev.convnet.definition.LayerSpec;
import dev.convnet.definition.Padding;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/** The DL4J layers of the convolutions, and Keras's per-layer L2 as DL4J regularization. */
final class ConvolutionLayers {

    private ConvolutionLayers() {
    }

    static Layer conv(LayerSpec.Conv2D conv, CNN2DFormat format, List<Regularization> regularization) {
        return regularized(new ConvolutionLayer.Builder(conv.kernelHeight(), conv.kernelWidth())
                .name(conv.name())
                .stride(conv.strideHeight(), conv.strideWidth())
                .nOut(conv.filters())
                .convolutionMode(mode(conv.padding()))
                .dataFormat(format)
                .activation(KerasFunctionsInDl4j.of(conv.activation()))
                .hasBias(conv.useBias()), conv, regularization).build();
    }

    /** DL4J keeps the depthwise kernel as [multiplier, in, kh, kw] and the pointwise one as [filters, in * multiplier, 1, 1]. */
    static Layer separable(LayerSpec.SeparableConv2D conv, CNN2DFormat format, List<Regularization> regularization) {
        return regularized(new SeparableConvolution2D.Builder(conv.kernelHeight(), conv.kernelWidth())
                .name(conv.name())
                .stride(conv.strideHeight(), conv.strideWidth())
                .nOut(conv.filters())
                .depthMultiplier(conv.depthMultiplier())
                .convolutionMode(mode(conv.padding()))
                .dataFormat(format)
                .activation(KerasFunctionsInDl4j.of(conv.activation()))
                .hasBias(conv.useBias()), conv, regularization).build();
    }

    /** DL4J keeps the kernel as Keras does, [kh, kw, in, multiplier]; output channel c * multiplier + m. */
    static Layer depthwise(LayerSpec.DepthwiseConv2D conv, CNN2DFormat format, List<Regularization> regularization) {
        return regularized(new DepthwiseConvolution2D.Builder(conv.kernelHeight(), conv.kernelWidth())
                .name(conv.name())
                .stride(conv.strideHeight(), conv.strideWidth())
                .depthMultiplier(conv.depthMultiplier())
                .convolutionMode(mode(conv.padding()))
                .dataFormat(format)
                .activation(KerasFunctionsInDl4j.of(conv.activation()))
                .hasBias(conv.useBias()), conv, regularization).build();
    }

    /**
     * Keras adds {@code l2 * sum(w^2)} to the loss, so its gradient is {@code 2 * l2 * w}; DL4J's L2Regularization
     * adds {@code coefficient * w} to the gradient (and {@code coefficient / 2 * sum(w^2)} to the score): the
     * coefficient is twice Keras's (checked numerically in KernelRegularizerTest). DL4J applies it to weights, not
     * biases, as Keras's kernel_regularizer. A layer's own list replaces the network's, so the training job's
     * regularization (weight decay) is carried over.
     */
    static <T extends BaseLayer.Builder<T>> T regularized(T builder, LayerSpec layer, List<Regularization> regularization) {
        if (layer.kernelL2() > 0) {
            List<Regularization> combined = new ArrayList<>(regularization);
            combined.add(new L2Regularization(2 * layer.kernelL2()));
            builder.regularization(combined);
        }
        return builder;
    }

    static ConvolutionMode mode(Padding padding) {
        return padding == Padding.SAME ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }
}
