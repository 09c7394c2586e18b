package dev.convnet.engine.dl4j;

import dev.convnet.definition.Activation;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.InvalidDefinitionException;
import dev.convnet.definition.LayerShape;
import dev.convnet.definition.LayerSpec;
import dev.convnet.definition.Padding;
import dev.convnet.definition.Violation;
import dev.convnet.engine.MemoryEstimate;
import dev.convnet.engine.runtime.LayerHelpers;
import dev.convnet.engine.runtime.NativeMemory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.springframework.stereotype.Component;

/**
 * Compiles a shape-checked {@link Architecture} into a DL4J {@link MultiLayerNetwork} (NCHW, float32).
 * Keras layers map one to one onto DL4J layers, except Flatten, which DL4J expresses as a preprocessor on
 * the next layer. DL4J needs a loss-carrying layer at the end: a final Dense becomes an OutputLayer, a final
 * Activation a LossLayer with that activation, and any other final layer gets an identity LossLayer appended.
 */
@Component
public class NetworkCompiler {

    static {
        // Before any network exists: DL4J decides per layer, at creation, whether a oneDNN helper attaches.
        LayerHelpers.enable();
    }

    /** Keras's plain "SGD" optimizer default; training jobs replace the updater with their own. */
    static final IUpdater DEFAULT_UPDATER = new Sgd(0.01);

    public CompiledNetwork compile(Architecture architecture, long seed) {
        return compile(architecture, seed, DEFAULT_UPDATER);
    }

    public CompiledNetwork compile(Architecture architecture, long seed, IUpdater updater) {
        return compile(architecture, seed, updater, List.of());
    }

    public CompiledNetwork compile(Architecture architecture, long seed, IUpdater updater, List<Regularization> regularization) {
        requireMemoryFor(architecture);
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(architecture, seed, updater, regularization));
        network.init();
        requireHelpersWhereActive(network);
        return new CompiledNetwork(architecture, network);
    }

    /**
     * A copy of {@code trained} for serving, with channels-last (NHWC) conv, pooling and batch-norm layers: requests
     * arrive as NHWC pixels, so the copy skips the NCHW transpose on the way in and out and runs oneDNN on its
     * preferred layout: 3.5x the throughput at batch 256, 1.3x at 16 (docs/BENCHMARKS.md,
     * serving throughput). Same function and weights (moved over in Keras's layout). Training and the stored files
     * stay NCHW: NHWC training was measured and is not faster.
     */
    public CompiledNetwork forServing(CompiledNetwork trained) {
        requireMemoryFor(trained.architecture());
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(trained.architecture(), 0, DEFAULT_UPDATER, List.of(),
                true, CNN2DFormat.NHWC));
        network.init();
        requireHelpersWhereActive(network);
        CompiledNetwork serving = new CompiledNetwork(trained.architecture(), network, true);
        serving.setKerasWeights(trained.kerasWeights());
        return serving;
    }

    /** The same network with another updater (a training job's optimizer), keeping every parameter. */
    public CompiledNetwork withUpdater(CompiledNetwork source, long seed, IUpdater updater, List<Regularization> regularization) {
        CompiledNetwork target = compile(source.architecture(), seed, updater, regularization);
        target.network().setParams(source.network().params());
        return target;
    }

    /**
     * The DL4J layers a definition compiles to, without allocating its parameters. DL4J's own checks run
     * here, so a definition that passes is one the engine can build.
     */
    public List<EngineLayer> describe(Architecture architecture) {
        try {
            return EngineLayers.describe(configuration(architecture, 0, DEFAULT_UPDATER));
        } catch (RuntimeException e) {
            throw new InvalidDefinitionException(Violation.document("layers",
                    "the network could not be compiled for DL4J: " + e.getMessage()));
        }
    }

    /** Reads a network written by {@link CompiledNetwork#writeTo}, checking that it fits the architecture. */
    public CompiledNetwork restore(Architecture architecture, InputStream serialized) throws IOException {
        return restore(architecture, serialized, false);
    }

    /** With {@code withUpdater}, the optimizer state too: a training checkpoint resumes where it stopped. */
    public CompiledNetwork restore(Architecture architecture, InputStream serialized, boolean withUpdater) throws IOException {
        requireMemoryFor(architecture);
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(serialized, withUpdater);
        StandardActivationClasses.useOneDnn(network.getLayerWiseConfigurations());
        requireHelpersWhereActive(network);
        long expected = architecture.totalParams();
        if (network.numParams() != expected) {
            throw new IOException("stored network has " + network.numParams() + " parameters, the definition " + expected);
        }
        return new CompiledNetwork(architecture, network);
    }

    /**
     * A network compiled from {@code architecture} (the definition an imported DL4J file mapped to) holding
     * the imported file's parameters. Both are NCHW DL4J networks, so parameters copy over unchanged, layer by
     * parameterized layer; every layer's parameter names and shapes must agree first.
     */
    public CompiledNetwork adopt(Architecture architecture, ImportedDl4jNetwork imported) {
        CompiledNetwork target = compile(architecture, 0);
        ParameterTransfer.copy(imported.restore(architecture.totalParams()), target.network());
        return target;
    }

    /**
     * The parameters, twice: the network's array and the initializer's (or the file reader's) temporary copy. Checked
     * before ND4J is asked, because an allocation libnd4j cannot satisfy crashes the JVM instead of throwing.
     */
    static void requireMemoryFor(Architecture architecture) {
        NativeMemory.require(MemoryEstimate.times(MemoryEstimate.weightBytes(architecture), 2),
                "a network of " + architecture.totalParams() + " parameters");
    }

    MultiLayerConfiguration configuration(Architecture architecture, long seed, IUpdater updater) {
        return configuration(architecture, seed, updater, List.of());
    }

    MultiLayerConfiguration configuration(Architecture architecture, long seed, IUpdater updater,
                                          List<Regularization> regularization) {
        return configuration(architecture, seed, updater, regularization, true, CNN2DFormat.NCHW);
    }

    /** {@code foldActivations} false: as networks were compiled before folding (files stored by earlier versions). */
    MultiLayerConfiguration configuration(Architecture architecture, long seed, IUpdater updater,
                                          List<Regularization> regularization, boolean foldActivations, CNN2DFormat format) {
        InputShape input = architecture.definition().inputShape();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM) // Keras's glorot_uniform; biases start at 0 as in Keras
                .biasInit(0.0)
                .updater(updater)
                .regularization(regularization)
                .list();
        List<LayerShape> layers = architecture.layers();
        ILossFunction loss = KerasFunctionsInDl4j.of(architecture.definition().loss());
        int dl4jIndex = 0;
        InputShape pendingFlatten = null;
        boolean[] folded = foldActivations ? foldedActivations(architecture) : new boolean[layers.size()];
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
            list.layer(dl4jIndex++, layer(shape, last, loss, format));
        }
        if (needsAppendedLossLayer(architecture)) {
            if (pendingFlatten != null) {
                list.inputPreProcessor(dl4jIndex, flatten(pendingFlatten, format));
            }
            list.layer(dl4jIndex, lossLayer(architecture.outputShape().isSpatial(), Activation.LINEAR, loss, format));
        }
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

    /** On a oneDNN build every conv, pooling and batch-norm layer must run on its helper: the fast path. */
    private static void requireHelpersWhereActive(MultiLayerNetwork network) {
        if (LayerHelpers.active()) {
            LayerHelpers.requireHelpers(network);
        }
    }

    static boolean needsAppendedLossLayer(Architecture architecture) {
        LayerSpec last = architecture.layers().get(architecture.layers().size() - 1).layer();
        return !(last instanceof LayerSpec.Dense || last instanceof LayerSpec.ActivationLayer);
    }

    private static Layer layer(LayerShape shape, boolean last, ILossFunction loss, CNN2DFormat format) {
        LayerSpec spec = shape.layer();
        if (spec instanceof LayerSpec.Conv2D conv) {
            return new ConvolutionLayer.Builder(conv.kernelHeight(), conv.kernelWidth())
                    .name(conv.name())
                    .stride(conv.strideHeight(), conv.strideWidth())
                    .nOut(conv.filters())
                    .convolutionMode(mode(conv.padding()))
                    .dataFormat(format)
                    .activation(KerasFunctionsInDl4j.of(conv.activation()))
                    .hasBias(conv.useBias())
                    .build();
        }
        if (spec instanceof LayerSpec.Pooling2D pool) {
            return new SubsamplingLayer.Builder(pool.kind() == LayerSpec.PoolingKind.MAX ? PoolingType.MAX : PoolingType.AVG)
                    .name(pool.name())
                    .kernelSize(pool.poolHeight(), pool.poolWidth())
                    .stride(pool.strideHeight(), pool.strideWidth())
                    .convolutionMode(mode(pool.padding()))
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
                    ? new OutputLayer.Builder(loss).name(dense.name()).nOut(dense.units())
                            .activation(KerasFunctionsInDl4j.of(dense.activation())).hasBias(dense.useBias()).build()
                    : new DenseLayer.Builder().name(dense.name()).nOut(dense.units())
                            .activation(KerasFunctionsInDl4j.of(dense.activation())).hasBias(dense.useBias()).build();
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

    private static Layer lossLayer(boolean spatial, Activation activation, ILossFunction loss, CNN2DFormat format) {
        return spatial
                ? new CnnLossLayer.Builder(loss).format(format).activation(KerasFunctionsInDl4j.of(activation)).build()
                : new LossLayer.Builder(loss).activation(KerasFunctionsInDl4j.of(activation)).build();
    }

    private static CnnToFeedForwardPreProcessor flatten(InputShape from, CNN2DFormat format) {
        return new CnnToFeedForwardPreProcessor(from.height(), from.width(), from.channels(), format);
    }

    private static ConvolutionMode mode(Padding padding) {
        return padding == Padding.SAME ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }
}
