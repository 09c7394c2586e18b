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
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
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
 * cannot express is refused, naming the DL4J layer ({@link Dl4jLayerFields}), rather than approximated.
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

    /** What has been mapped so far. */
    private static final class Mapping {
        final List<LayerSpec> layers = new ArrayList<>();
        final List<Violation> violations = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        Loss loss;
    }

    private static InputShape mapPreprocessor(Mapping mapping, int index, Layer layer, InputPreProcessor preprocessor,
                                              InputShape inputShape) {
        Dl4jLayerFields fields = new Dl4jLayerFields(index, layer, mapping.violations);
        if (preprocessor instanceof CnnToFeedForwardPreProcessor flatten && flatten.getFormat() == CNN2DFormat.NCHW) {
            mapping.layers.add(new LayerSpec.Flatten(null));
            return inputShape;
        }
        if (index == 0 && preprocessor instanceof FeedForwardToCnnPreProcessor toCnn) {
            return inputShape != null ? inputShape : new InputShape(fields.size("inputHeight", toCnn.getInputHeight()),
                    fields.size("inputWidth", toCnn.getInputWidth()),
                    fields.size("numChannels", toCnn.getNumChannels()));
        }
        fields.refuse("inputPreProcessor", "input preprocessor "
                + preprocessor.getClass().getSimpleName() + " is not supported; only CnnToFeedForwardPreProcessor (NCHW), "
                + "which is a flatten layer");
        return inputShape;
    }

    private static void mapLayer(Mapping mapping, int index, Layer layer, boolean last) {
        Dl4jLayerFields fields = new Dl4jLayerFields(index, layer, mapping.violations);
        if (!(layer instanceof DropoutLayer) && layer.getIDropout() != null) {
            // DL4J drops a layer's input; Keras says the same with a Dropout layer in front of it
            Double rate = fields.dropoutRate(layer.getIDropout());
            if (rate != null) {
                mapping.layers.add(new LayerSpec.Dropout(null, rate));
            }
        }
        String name = name(mapping, layer);
        Class<?> type = layer.getClass();
        if (type == ConvolutionLayer.class) {
            ConvolutionLayer conv = (ConvolutionLayer) layer;
            fields.requireNchw(conv.getCnn2dDataFormat());
            fields.requireUnit("dilation", conv.getDilation());
            Padding padding = fields.padding(conv.getConvolutionMode(), conv.getPadding());
            int[] kernel = fields.pair("kernelSize", conv.getKernelSize());
            int[] stride = fields.pair("stride", conv.getStride());
            mapping.layers.add(new LayerSpec.Conv2D(name, fields.size("nOut", conv.getNOut()), kernel[0],
                    kernel[1], stride[0], stride[1], padding,
                    fields.activation(conv.getActivationFn()), conv.hasBias()));
        } else if (type == SubsamplingLayer.class) {
            SubsamplingLayer pool = (SubsamplingLayer) layer;
            fields.requireNchw(pool.getCnn2dDataFormat());
            fields.requireUnit("dilation", pool.getDilation());
            Padding padding = fields.padding(pool.getConvolutionMode(), pool.getPadding());
            LayerSpec.PoolingKind kind = fields.poolingKind(pool.getPoolingType());
            if (kind == LayerSpec.PoolingKind.AVERAGE && padding == Padding.SAME && pool.isAvgPoolIncludePadInDivisor()) {
                fields.refuse("avgPoolIncludePadInDivisor", "average pooling that counts "
                        + "padding in the divisor has no Keras counterpart (AveragePooling2D averages real pixels only)");
            }
            int[] kernel = fields.pair("kernelSize", pool.getKernelSize());
            int[] stride = fields.pair("stride", pool.getStride());
            mapping.layers.add(new LayerSpec.Pooling2D(name, kind, kernel[0], kernel[1], stride[0], stride[1], padding));
        } else if (type == GlobalPoolingLayer.class) {
            GlobalPoolingLayer pool = (GlobalPoolingLayer) layer;
            int[] dims = pool.getPoolingDimensions();
            if (!pool.isCollapseDimensions() || (dims != null && !Arrays.equals(dims, new int[] {2, 3}))) {
                fields.refuse("poolingDimensions", "only global pooling over height and "
                        + "width with collapsed dimensions is supported");
            }
            mapping.layers.add(new LayerSpec.GlobalPooling2D(name, fields.poolingKind(pool.getPoolingType())));
        } else if (type == DenseLayer.class) {
            DenseLayer dense = (DenseLayer) layer;
            if (dense.hasLayerNorm()) {
                fields.refuse("hasLayerNorm", "dense layers with layer normalization are not supported");
            }
            mapping.layers.add(new LayerSpec.Dense(name, fields.size("nOut", dense.getNOut()),
                    fields.activation(dense.getActivationFn()), dense.hasBias()));
        } else if (type == OutputLayer.class) {
            OutputLayer output = (OutputLayer) layer;
            fields.requireLast(last);
            mapping.loss = fields.loss(output.getLossFn());
            mapping.layers.add(new LayerSpec.Dense(name, fields.size("nOut", output.getNOut()),
                    fields.activation(output.getActivationFn()), output.hasBias()));
        } else if (type == DropoutLayer.class) {
            Double rate = fields.dropoutRate(layer.getIDropout());
            mapping.layers.add(new LayerSpec.Dropout(name, rate == null ? 0.0 : rate));
        } else if (type == ActivationLayer.class) {
            mapping.layers.add(new LayerSpec.ActivationLayer(name,
                    fields.activation(((ActivationLayer) layer).getActivationFn())));
        } else if (type == BatchNormalization.class) {
            BatchNormalization norm = (BatchNormalization) layer;
            fields.requireNchw(norm.getCnn2DFormat());
            if (norm.isLockGammaBeta()) {
                fields.refuse("lockGammaBeta", "batch normalization with fixed gamma and beta "
                        + "is not supported (Keras's BatchNormalization learns both)");
            }
            // DL4J's decay and Keras's momentum are the same weight of the old moving average
            mapping.layers.add(new LayerSpec.BatchNormalization(name, norm.getDecay(), norm.getEps()));
        } else if (type == LossLayer.class || type == CnnLossLayer.class) {
            fields.requireLast(last);
            if (layer instanceof CnnLossLayer cnnLoss) {
                fields.requireNchw(cnnLoss.getFormat());
            }
            LossLayer plain = layer instanceof LossLayer l ? l : null;
            ILossFunction lossFn = plain != null ? plain.getLossFn() : ((CnnLossLayer) layer).getLossFn();
            IActivation fn = plain != null ? plain.getActivationFn() : ((CnnLossLayer) layer).getActivationFn();
            mapping.loss = fields.loss(lossFn);
            Activation activation = fields.activation(fn);
            // NetworkCompiler appends the parameterless loss layer itself; only a non-identity activation remains
            if (activation != Activation.LINEAR) {
                mapping.layers.add(new LayerSpec.ActivationLayer(name, activation));
            }
        } else {
            fields.refuse(null, "DL4J layer " + type.getSimpleName()
                    + " has no counterpart in this service's definitions; supported: " + SUPPORTED);
        }
    }

    /** The DL4J name when it is a real one that the definition accepts; otherwise null (named as Keras would). */
    private static String name(Mapping mapping, Layer layer) {
        String name = layer.getLayerName();
        if (name == null || name.matches(DL4J_DEFAULT_NAME) || !name.matches(VALID_NAME) || !mapping.names.add(name)) {
            return null;
        }
        return name;
    }

}
