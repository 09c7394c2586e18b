package dev.convnet.engine.dl4j;

import dev.convnet.definition.Activation;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.LayerShape;
import dev.convnet.definition.LayerSpec;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The DL4J configuration a shape-checked {@link Architecture} compiles to. Keras layers map one to one onto DL4J
 * layers, except Flatten, which DL4J expresses as a preprocessor on the next layer, and Activation layers folded
 * into the linear layer before them. DL4J needs a loss-carrying layer at the end: a final Dense becomes an
 * OutputLayer, a final Activation a LossLayer with that activation, and any other final layer gets an identity
 * LossLayer appended.
 */
final class NetworkConfigurations {

    private NetworkConfigurations() {
    }

    static MultiLayerConfiguration build(Architecture architecture, long seed, IUpdater updater,
                                         List<Regularization> regularization, CNN2DFormat format) {
        NeuralNetConfiguration.ListBuilder list = layerList(seed, updater, regularization);
        List<LayerShape> layers = architecture.layers();
        ILossFunction loss = KerasFunctionsInDl4j.of(architecture.definition().loss());
        int dl4jIndex = 0;
        InputShape pendingFlatten = null;
        boolean[] folded = foldedActivations(architecture);
        for (int i = 0; i < layers.size(); i++) {
            LayerShape shape = layers.get(i);
            boolean last = i == layers.size() - 1;
            if (folded[i]) {
                continue;
            }
            if (i + 1 < layers.size() && folded[i + 1]) {
                shape = withActivation(shape, ((LayerSpec.ActivationLayer) layers.get(i + 1).layer()).activation());
            }
            if (shape.layer() instanceof LayerSpec.Flatten) {
                if (shape.input().isSpatial()) {
                    pendingFlatten = shape.input().asInputShape();
                }
                continue;
            }
            if (pendingFlatten != null) {
                list.inputPreProcessor(dl4jIndex, flatten(pendingFlatten, format));
                pendingFlatten = null;
            }
            list.layer(dl4jIndex++, layer(shape, last, loss, format, regularization));
        }
        if (needsAppendedLossLayer(architecture)) {
            if (pendingFlatten != null) {
                list.inputPreProcessor(dl4jIndex, flatten(pendingFlatten, format));
            }
            list.layer(dl4jIndex, lossLayer(architecture.outputShape().isSpatial(), Activation.LINEAR, loss, format));
        }
        return withInput(list, architecture, format);
    }

    /** The settings every layer shares, before any layer is added. */
    static NeuralNetConfiguration.ListBuilder layerList(long seed, IUpdater updater, List<Regularization> regularization) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM) // Keras's glorot_uniform; biases start at 0 as in Keras
                .biasInit(0.0)
                .updater(updater)
                .regularization(regularization)
                .list();
    }

    static MultiLayerConfiguration withInput(NeuralNetConfiguration.ListBuilder list, Architecture architecture,
                                             CNN2DFormat format) {
        InputShape input = architecture.definition().inputShape();
        list.setInputType(InputType.convolutional(input.height(), input.width(), input.channels(), format));
        return list.build();
    }

    /**
     * Which layers are Activation layers folded into the linear Conv2D or Dense layer before them (Keras's
     * {@code Conv2D(32, 3), Activation('relu')} style, as in the lesson's CIFAR-10 CNN). The result is the same
     * function with fewer DL4J layers: each one costs a copy of its input and per-op overhead that, at batch 1, is
     * most of the time (docs/BENCHMARKS.md, serving throughput). A last Activation layer is not folded:
     * it becomes the loss layer.
     */
    static boolean[] foldedActivations(Architecture architecture) {
        List<LayerShape> layers = architecture.layers();
        boolean[] folded = new boolean[layers.size()];
        for (int i = 1; i < layers.size() - 1; i++) {
            LayerSpec before = layers.get(i - 1).layer();
            boolean linearBefore = before instanceof LayerSpec.Conv2D conv && conv.activation() == Activation.LINEAR
                    || before instanceof LayerSpec.Dense dense && dense.activation() == Activation.LINEAR;
            folded[i] = linearBefore && layers.get(i).layer() instanceof LayerSpec.ActivationLayer;
        }
        return folded;
    }

    private static LayerShape withActivation(LayerShape shape, Activation activation) {
        LayerSpec spec = shape.layer();
        LayerSpec replaced = spec instanceof LayerSpec.Conv2D conv
                ? new LayerSpec.Conv2D(conv.name(), conv.filters(), conv.kernelHeight(), conv.kernelWidth(), conv.strideHeight(),
                        conv.strideWidth(), conv.padding(), activation, conv.useBias())
                : new LayerSpec.Dense(((LayerSpec.Dense) spec).name(), ((LayerSpec.Dense) spec).units(), activation,
                        ((LayerSpec.Dense) spec).useBias());
        return new LayerShape(shape.index(), replaced, shape.input(), shape.output(), shape.trainableParams(),
                shape.nonTrainableParams());
    }


    static boolean needsAppendedLossLayer(Architecture architecture) {
        LayerSpec last = architecture.layers().get(architecture.layers().size() - 1).layer();
        return !(last instanceof LayerSpec.Dense || last instanceof LayerSpec.ActivationLayer);
    }

    static Layer layer(LayerShape shape, boolean last, ILossFunction loss, CNN2DFormat format) {
        return layer(shape, last, loss, format, List.of());
    }

    /** {@code regularization}: the network's, which a layer with its own kernel L2 must repeat (see ConvolutionLayers). */
    static Layer layer(LayerShape shape, boolean last, ILossFunction loss, CNN2DFormat format,
                       List<Regularization> regularization) {
        LayerSpec spec = shape.layer();
        if (spec instanceof LayerSpec.Conv2D conv) {
            return ConvolutionLayers.conv(conv, format, regularization);
        }
        if (spec instanceof LayerSpec.SeparableConv2D conv) {
            return ConvolutionLayers.separable(conv, format, regularization);
        }
        if (spec instanceof LayerSpec.DepthwiseConv2D conv) {
            return ConvolutionLayers.depthwise(conv, format, regularization);
        }
        if (spec instanceof LayerSpec.Pooling2D pool) {
            return new SubsamplingLayer.Builder(pool.kind() == LayerSpec.PoolingKind.MAX ? PoolingType.MAX : PoolingType.AVG)
                    .name(pool.name())
                    .kernelSize(pool.poolHeight(), pool.poolWidth())
                    .stride(pool.strideHeight(), pool.strideWidth())
                    .convolutionMode(ConvolutionLayers.mode(pool.padding()))
                    .avgPoolIncludePadInDivisor(false) // Keras averages over the real pixels only
                    .dataFormat(format)
                    .build();
        }
        if (spec instanceof LayerSpec.GlobalPooling2D global) {
            return new GlobalPoolingLayer.Builder(global.kind() == LayerSpec.PoolingKind.MAX ? PoolingType.MAX : PoolingType.AVG)
                    .name(global.name())
                    .collapseDimensions(true)
                    .build();
        }
        if (spec instanceof LayerSpec.Dense dense) {
            return last
                    ? ConvolutionLayers.regularized(new OutputLayer.Builder(loss).name(dense.name()).nOut(dense.units())
                            .activation(KerasFunctionsInDl4j.of(dense.activation())).hasBias(dense.useBias()), dense,
                            regularization).build()
                    : ConvolutionLayers.regularized(new DenseLayer.Builder().name(dense.name()).nOut(dense.units())
                            .activation(KerasFunctionsInDl4j.of(dense.activation())).hasBias(dense.useBias()), dense,
                            regularization).build();
        }
        if (spec instanceof LayerSpec.Dropout dropout) {
            return new DropoutLayer.Builder(1.0 - dropout.rate()).name(dropout.name()).build();
        }
        if (spec instanceof LayerSpec.ActivationLayer activation) {
            return last
                    ? lossLayer(shape.output().isSpatial(), activation.activation(), loss, format)
                    : new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder().name(activation.name())
                            .activation(KerasFunctionsInDl4j.of(activation.activation())).build();
        }
        if (spec instanceof LayerSpec.BatchNormalization norm) {
            return new BatchNormalization.Builder()
                    .name(norm.name())
                    .decay(norm.momentum())
                    .eps(norm.epsilon())
                    .useLogStd(false) // store the variance itself, as Keras does
                    .dataFormat(format)
                    .build();
        }
        throw new IllegalArgumentException("no DL4J layer for " + spec.type()); // flatten is a preprocessor
    }

    static Layer lossLayer(boolean spatial, Activation activation, ILossFunction loss, CNN2DFormat format) {
        return spatial
                ? new CnnLossLayer.Builder(loss).format(format).activation(KerasFunctionsInDl4j.of(activation)).build()
                : new LossLayer.Builder(loss).activation(KerasFunctionsInDl4j.of(activation)).build();
    }

    static CnnToFeedForwardPreProcessor flatten(InputShape from, CNN2DFormat format) {
        return new CnnToFeedForwardPreProcessor(from.height(), from.width(), from.channels(), format);
    }
}
