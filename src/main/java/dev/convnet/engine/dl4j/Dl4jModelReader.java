package dev.convnet.engine.dl4j;

import dev.convnet.definition.Activation;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.InvalidDefinitionException;
import dev.convnet.definition.LayerSpec;
import dev.convnet.definition.Loss;
import dev.convnet.definition.ModelDefinition;
import dev.convnet.definition.Padding;
import dev.convnet.definition.Violation;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
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
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.springframework.stereotype.Component;

/**
 * Reads a DL4J model file (ModelSerializer zip of a MultiLayerNetwork) and maps its configuration back
 * onto this service's definition, the inverse of {@link NetworkCompiler}: a CnnToFeedForward preprocessor
 * becomes a flatten layer, an OutputLayer a dense layer carrying the loss, a trailing LossLayer nothing (or
 * an activation layer), a layer's own input dropout a dropout layer before it. Anything the definition
 * cannot express is refused, naming the DL4J layer, rather than approximated.
 */
@Component
public class Dl4jModelReader {

    /** DL4J names unnamed layers "layer0", "layer1", ...; those get Keras-style names instead. */
    private static final String DL4J_DEFAULT_NAME = "layer\\d+";
    private static final String VALID_NAME = "[A-Za-z0-9_.\\-/]{1,100}";
    private static final String SUPPORTED = "ConvolutionLayer, SubsamplingLayer, GlobalPoolingLayer, DenseLayer, "
            + "OutputLayer, DropoutLayer, ActivationLayer, BatchNormalization, LossLayer, CnnLossLayer";

    /**
     * @param modelFile  the zip's bytes
     * @param name       the definition's name
     * @param inputShape [height, width, channels]; null to take it from a FeedForwardToCnn preprocessor on the
     *                   first layer (DL4J's configuration records no input type otherwise)
     */
    public ImportedDl4jNetwork read(byte[] modelFile, String name, InputShape inputShape) {
        // The configuration alone: the parameters are restored only once the definition passed the node's limits.
        MultiLayerConfiguration configuration = configuration(modelFile);
        Mapping mapping = new Mapping();
        int count = configuration.getConfs().size();
        for (int i = 0; i < count; i++) {
            Layer layer = configuration.getConf(i).getLayer();
            InputPreProcessor preprocessor = configuration.getInputPreProcess(i);
            if (preprocessor != null) {
                inputShape = mapPreprocessor(mapping, i, layer, preprocessor, inputShape);
            }
            mapLayer(mapping, i, layer, i == count - 1);
        }
        if (inputShape == null) {
            mapping.violations.add(Violation.document("inputShape", "a DL4J configuration does not record its input "
                    + "size (unless its first layer has a FeedForwardToCnnPreProcessor); give inputShape as HEIGHT,WIDTH,CHANNELS"));
        }
        if (mapping.layers.isEmpty() && mapping.violations.isEmpty()) {
            mapping.violations.add(Violation.document("layers", "the DL4J network has no layer this service can express"));
        }
        if (!mapping.violations.isEmpty()) {
            throw new InvalidDefinitionException(mapping.violations);
        }
        Loss loss = mapping.loss != null ? mapping.loss : Loss.defaultFor(ModelDefinition.outputActivation(mapping.layers));
        return new ImportedDl4jNetwork(new ModelDefinition(name, inputShape, mapping.layers, loss), modelFile);
    }

    private static MultiLayerConfiguration configuration(byte[] modelFile) {
        String json = Dl4jModelFile.configuration(modelFile);
        try {
            return MultiLayerConfiguration.fromJson(json);
        } catch (Exception | LinkageError e) {
            throw new InvalidModelFileException("the DL4J model file could not be read as a MultiLayerNetwork "
                    + "(ComputationGraph files are not supported): " + e.getMessage(), e);
        }
    }

    /** The file's network with its parameters; {@code expectedParams} (the mapped definition's) bounds what is read. */
    static MultiLayerNetwork restore(byte[] modelFile, long expectedParams) {
        Dl4jModelFile.requireCoefficients(modelFile, expectedParams);
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(modelFile), false);
        } catch (Exception | LinkageError e) {
            throw new InvalidModelFileException("the DL4J model file could not be read as a MultiLayerNetwork: "
                    + e.getMessage(), e);
        }
    }

    /** [height, width] of a window or stride: two positive ints, whatever the file says. */
    private static int[] pair(Mapping mapping, int index, Layer layer, String field, int[] values) {
        if (values == null || values.length != 2 || values[0] < 1 || values[1] < 1) {
            mapping.violations.add(violation(index, layer, field, field + " " + Arrays.toString(values)
                    + " is not a pair of positive ints"));
            return new int[] {1, 1};
        }
        return values;
    }

    /** A size DL4J keeps as a long, as the int the definition holds; a hostile file may declare any value. */
    private static int size(Mapping mapping, int index, Layer layer, String field, long value) {
        if (value < 1 || value > Integer.MAX_VALUE) {
            mapping.violations.add(violation(index, layer, field, field + " " + value + " is not a positive int"));
            return 1;
        }
        return (int) value;
    }

    /** What has been mapped so far. */
    private static final class Mapping {
        final List<LayerSpec> layers = new ArrayList<>();
        final List<Violation> violations = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        Loss loss;
    }

    private static InputShape mapPreprocessor(Mapping mapping, int index, Layer layer, InputPreProcessor preprocessor,
                                              InputShape inputShape) {
        if (preprocessor instanceof CnnToFeedForwardPreProcessor flatten && flatten.getFormat() == CNN2DFormat.NCHW) {
            mapping.layers.add(new LayerSpec.Flatten(null));
            return inputShape;
        }
        if (index == 0 && preprocessor instanceof FeedForwardToCnnPreProcessor toCnn) {
            return inputShape != null ? inputShape : new InputShape(size(mapping, index, layer, "inputHeight", toCnn.getInputHeight()),
                    size(mapping, index, layer, "inputWidth", toCnn.getInputWidth()),
                    size(mapping, index, layer, "numChannels", toCnn.getNumChannels()));
        }
        mapping.violations.add(violation(index, layer, "inputPreProcessor", "input preprocessor "
                + preprocessor.getClass().getSimpleName() + " is not supported; only CnnToFeedForwardPreProcessor (NCHW), "
                + "which is a flatten layer"));
        return inputShape;
    }

    private static void mapLayer(Mapping mapping, int index, Layer layer, boolean last) {
        List<Violation> violations = mapping.violations;
        if (!(layer instanceof DropoutLayer) && layer.getIDropout() != null) {
            // DL4J drops a layer's input; Keras says the same with a Dropout layer in front of it
            Double rate = dropoutRate(mapping, index, layer, layer.getIDropout());
            if (rate != null) {
                mapping.layers.add(new LayerSpec.Dropout(null, rate));
            }
        }
        String name = name(mapping, layer);
        Class<?> type = layer.getClass();
        if (type == ConvolutionLayer.class) {
            ConvolutionLayer conv = (ConvolutionLayer) layer;
            requireNchw(mapping, index, layer, conv.getCnn2dDataFormat());
            requireUnit(mapping, index, layer, "dilation", conv.getDilation());
            Padding padding = padding(mapping, index, layer, conv.getConvolutionMode(), conv.getPadding());
            int[] kernel = pair(mapping, index, layer, "kernelSize", conv.getKernelSize());
            int[] stride = pair(mapping, index, layer, "stride", conv.getStride());
            mapping.layers.add(new LayerSpec.Conv2D(name, size(mapping, index, layer, "nOut", conv.getNOut()), kernel[0],
                    kernel[1], stride[0], stride[1], padding,
                    activation(mapping, index, layer, conv.getActivationFn()), conv.hasBias()));
        } else if (type == SubsamplingLayer.class) {
            SubsamplingLayer pool = (SubsamplingLayer) layer;
            requireNchw(mapping, index, layer, pool.getCnn2dDataFormat());
            requireUnit(mapping, index, layer, "dilation", pool.getDilation());
            Padding padding = padding(mapping, index, layer, pool.getConvolutionMode(), pool.getPadding());
            LayerSpec.PoolingKind kind = poolingKind(mapping, index, layer, pool.getPoolingType());
            if (kind == LayerSpec.PoolingKind.AVERAGE && padding == Padding.SAME && pool.isAvgPoolIncludePadInDivisor()) {
                violations.add(violation(index, layer, "avgPoolIncludePadInDivisor", "average pooling that counts "
                        + "padding in the divisor has no Keras counterpart (AveragePooling2D averages real pixels only)"));
            }
            int[] kernel = pair(mapping, index, layer, "kernelSize", pool.getKernelSize());
            int[] stride = pair(mapping, index, layer, "stride", pool.getStride());
            mapping.layers.add(new LayerSpec.Pooling2D(name, kind, kernel[0], kernel[1], stride[0], stride[1], padding));
        } else if (type == GlobalPoolingLayer.class) {
            GlobalPoolingLayer pool = (GlobalPoolingLayer) layer;
            int[] dims = pool.getPoolingDimensions();
            if (!pool.isCollapseDimensions() || (dims != null && !Arrays.equals(dims, new int[] {2, 3}))) {
                violations.add(violation(index, layer, "poolingDimensions", "only global pooling over height and "
                        + "width with collapsed dimensions is supported"));
            }
            mapping.layers.add(new LayerSpec.GlobalPooling2D(name, poolingKind(mapping, index, layer, pool.getPoolingType())));
        } else if (type == DenseLayer.class) {
            DenseLayer dense = (DenseLayer) layer;
            if (dense.hasLayerNorm()) {
                violations.add(violation(index, layer, "hasLayerNorm", "dense layers with layer normalization are not supported"));
            }
            mapping.layers.add(new LayerSpec.Dense(name, size(mapping, index, layer, "nOut", dense.getNOut()),
                    activation(mapping, index, layer, dense.getActivationFn()), dense.hasBias()));
        } else if (type == OutputLayer.class) {
            OutputLayer output = (OutputLayer) layer;
            requireLast(mapping, index, layer, last);
            mapping.loss = loss(mapping, index, layer, output.getLossFn());
            mapping.layers.add(new LayerSpec.Dense(name, size(mapping, index, layer, "nOut", output.getNOut()),
                    activation(mapping, index, layer, output.getActivationFn()), output.hasBias()));
        } else if (type == DropoutLayer.class) {
            Double rate = dropoutRate(mapping, index, layer, layer.getIDropout());
            mapping.layers.add(new LayerSpec.Dropout(name, rate == null ? 0.0 : rate));
        } else if (type == ActivationLayer.class) {
            mapping.layers.add(new LayerSpec.ActivationLayer(name,
                    activation(mapping, index, layer, ((ActivationLayer) layer).getActivationFn())));
        } else if (type == BatchNormalization.class) {
            BatchNormalization norm = (BatchNormalization) layer;
            requireNchw(mapping, index, layer, norm.getCnn2DFormat());
            if (norm.isLockGammaBeta()) {
                violations.add(violation(index, layer, "lockGammaBeta", "batch normalization with fixed gamma and beta "
                        + "is not supported (Keras's BatchNormalization learns both)"));
            }
            // DL4J's decay and Keras's momentum are the same weight of the old moving average
            mapping.layers.add(new LayerSpec.BatchNormalization(name, norm.getDecay(), norm.getEps()));
        } else if (type == LossLayer.class || type == CnnLossLayer.class) {
            requireLast(mapping, index, layer, last);
            if (layer instanceof CnnLossLayer cnnLoss) {
                requireNchw(mapping, index, layer, cnnLoss.getFormat());
            }
            LossLayer plain = layer instanceof LossLayer l ? l : null;
            ILossFunction lossFn = plain != null ? plain.getLossFn() : ((CnnLossLayer) layer).getLossFn();
            IActivation fn = plain != null ? plain.getActivationFn() : ((CnnLossLayer) layer).getActivationFn();
            mapping.loss = loss(mapping, index, layer, lossFn);
            Activation activation = activation(mapping, index, layer, fn);
            // NetworkCompiler appends the parameterless loss layer itself; only a non-identity activation remains
            if (activation != Activation.LINEAR) {
                mapping.layers.add(new LayerSpec.ActivationLayer(name, activation));
            }
        } else {
            violations.add(violation(index, layer, null, "DL4J layer " + type.getSimpleName()
                    + " has no counterpart in this service's definitions; supported: " + SUPPORTED));
        }
    }

    private static Violation violation(int index, Layer layer, String field, String detail) {
        String name = layer.getLayerName() == null ? "" : " '" + layer.getLayerName() + "'";
        return new Violation("/confs/" + index + "/layer" + (field == null ? "" : "/" + field), index,
                layer.getClass().getSimpleName(), field, "DL4J layer " + index + name + ": " + detail, null);
    }

    /** The DL4J name when it is a real one that the definition accepts; otherwise null (named as Keras would). */
    private static String name(Mapping mapping, Layer layer) {
        String name = layer.getLayerName();
        if (name == null || name.matches(DL4J_DEFAULT_NAME) || !name.matches(VALID_NAME) || !mapping.names.add(name)) {
            return null;
        }
        return name;
    }

    private static Double dropoutRate(Mapping mapping, int index, Layer layer, IDropout dropout) {
        if (dropout instanceof Dropout plain && plain.getPSchedule() == null) {
            return 1.0 - plain.getP(); // DL4J's p is the fraction kept
        }
        mapping.violations.add(violation(index, layer, "dropOut", "only plain dropout with a fixed retain probability "
                + "is supported, got " + (dropout == null ? "none" : dropout.getClass().getSimpleName())));
        return null;
    }

    private static Padding padding(Mapping mapping, int index, Layer layer, ConvolutionMode mode, int[] padding) {
        if (mode == ConvolutionMode.Same) {
            return Padding.SAME;
        }
        if (mode != ConvolutionMode.Truncate && mode != ConvolutionMode.Strict) {
            mapping.violations.add(violation(index, layer, "convolutionMode", "convolution mode " + mode
                    + " is not supported; only Same ('same') and Truncate/Strict ('valid')"));
        } else if (padding != null && Arrays.stream(padding).anyMatch(p -> p != 0)) {
            mapping.violations.add(violation(index, layer, "padding", "explicit padding " + Arrays.toString(padding)
                    + " is not supported; only ConvolutionMode.Same or no padding"));
        }
        return Padding.VALID;
    }

    private static LayerSpec.PoolingKind poolingKind(Mapping mapping, int index, Layer layer, PoolingType type) {
        if (type == PoolingType.MAX) {
            return LayerSpec.PoolingKind.MAX;
        }
        if (type != PoolingType.AVG) {
            mapping.violations.add(violation(index, layer, "poolingType", "pooling type " + type
                    + " is not supported; only MAX and AVG"));
        }
        return LayerSpec.PoolingKind.AVERAGE;
    }

    private static void requireNchw(Mapping mapping, int index, Layer layer, CNN2DFormat format) {
        if (format != null && format != CNN2DFormat.NCHW) {
            mapping.violations.add(violation(index, layer, "dataFormat", "data format " + format
                    + " is not supported; the engine runs NCHW"));
        }
    }

    private static void requireUnit(Mapping mapping, int index, Layer layer, String field, int[] values) {
        if (values != null && Arrays.stream(values).anyMatch(v -> v != 1)) {
            mapping.violations.add(violation(index, layer, field, field + " " + Arrays.toString(values)
                    + " is not supported; only 1"));
        }
    }

    private static void requireLast(Mapping mapping, int index, Layer layer, boolean last) {
        if (!last) {
            mapping.violations.add(violation(index, layer, null, layer.getClass().getSimpleName()
                    + " is only supported as the network's last layer"));
        }
    }

    /** The Activation whose DL4J form (with Keras's constants) this function is. */
    private static Activation activation(Mapping mapping, int index, Layer layer, IActivation fn) {
        for (Activation candidate : Activation.values()) {
            if (sameFunction(KerasFunctionsInDl4j.of(candidate), fn)) {
                return candidate;
            }
        }
        mapping.violations.add(violation(index, layer, "activation", "activation " + fn + " is not supported; "
                + "supported (with Keras's constants): " + Activation.allowedValues()));
        return Activation.LINEAR;
    }

    private static Loss loss(Mapping mapping, int index, Layer layer, ILossFunction fn) {
        for (Loss candidate : Loss.values()) {
            if (sameFunction(KerasFunctionsInDl4j.of(candidate), fn)) {
                return candidate;
            }
        }
        mapping.violations.add(violation(index, layer, "lossFn", "loss function " + fn + " is not supported; "
                + "supported: " + Loss.allowedValues()));
        return null;
    }

    /** DL4J's functions compare by their settings; a class without equals() still matches by its description. */
    private static boolean sameFunction(Object ours, Object theirs) {
        return theirs != null && (ours.equals(theirs)
                || (ours.getClass() == theirs.getClass() && ours.toString().equals(theirs.toString())));
    }
}
