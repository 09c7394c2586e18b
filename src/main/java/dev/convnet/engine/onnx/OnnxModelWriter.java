package dev.convnet.engine.onnx;

import dev.convnet.common.Tensor;
import dev.convnet.definition.Activation;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.LayerShape;
import dev.convnet.definition.LayerSpec;
import dev.convnet.definition.Padding;
import dev.convnet.definition.TensorShape;
import dev.convnet.engine.dl4j.WeightSlot;
import dev.convnet.engine.keras.KerasWeightLayout;
import dev.convnet.engine.onnx.OnnxGraph.Attribute;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A definition with its weights (in Keras's layouts) as an ONNX model that takes and gives tensors as the service's
 * predict API does: input {@code input} [batch, height, width, channels] (NHWC), output {@code output}
 * [batch, ...the last layer's Keras shape]. Inside, spatial tensors are NCHW, the layout of ONNX's Conv and pooling
 * operators: one Transpose after the input, and one back before each Flatten, so that Flatten numbers the features
 * in Keras's (height, width, channels) order and the dense weights after it stay as Keras has them.
 */
public final class OnnxModelWriter {

    static final String INPUT = "input";
    static final String OUTPUT = "output";
    private static final long[] TO_NCHW = {0, 3, 1, 2};
    private static final long[] TO_NHWC = {0, 2, 3, 1};

    private OnnxModelWriter() {
    }

    /**
     * The ONNX ModelProto's bytes; {@code kerasWeights} as {@code model.get_weights()} lists them.
     *
     * @throws OnnxExportException for a network whose DL4J answers the export cannot reproduce
     */
    public static byte[] write(Architecture architecture, List<Tensor> kerasWeights, String producerVersion) {
        requireExportable(architecture);
        List<WeightSlot> slots = KerasWeightLayout.mappings(architecture).stream().map(KerasWeightLayout.Mapping::slot).toList();
        requireWeightsFit(slots, kerasWeights);
        Iterator<Tensor> weights = kerasWeights.iterator();
        OnnxGraph graph = new OnnxGraph(architecture.definition().name());
        InputShape in = architecture.definition().inputShape();
        graph.input(INPUT, -1, in.height(), in.width(), in.channels());
        String value = graph.node("Transpose", List.of(INPUT), Attribute.ints("perm", TO_NCHW));
        for (LayerShape shape : architecture.layers()) {
            value = layer(graph, shape, value, weights);
        }
        TensorShape out = architecture.outputShape();
        if (out.isSpatial()) {
            value = graph.node("Transpose", List.of(value), Attribute.ints("perm", TO_NHWC));
        }
        long[] outputDims = new long[out.dims().length + 1];
        outputDims[0] = -1;
        for (int i = 0; i < out.dims().length; i++) {
            outputDims[i + 1] = out.dims()[i];
        }
        graph.output(value, OUTPUT, outputDims);
        return graph.toModel("convnet-service", producerVersion);
    }

    private static String layer(OnnxGraph graph, LayerShape shape, String x, Iterator<Tensor> weights) {
        LayerSpec spec = shape.layer();
        TensorShape input = shape.input();
        int channelAxis = shape.output().isSpatial() ? 1 : -1;
        if (spec instanceof LayerSpec.Conv2D conv) {
            List<String> inputs = new ArrayList<>(List.of(x, graph.weight(conv.name() + "/kernel",
                    new long[] {conv.filters(), input.lastAxis(), conv.kernelHeight(), conv.kernelWidth()},
                    convKernel(weights.next(), conv.filters(), input.lastAxis(), conv.kernelHeight(), conv.kernelWidth()))));
            if (conv.useBias()) {
                inputs.add(vector(graph, conv.name() + "/bias", weights.next()));
            }
            String y = graph.node("Conv", inputs, Attribute.ints("kernel_shape", conv.kernelHeight(), conv.kernelWidth()),
                    Attribute.ints("strides", conv.strideHeight(), conv.strideWidth()),
                    Attribute.ints("pads", pads(input, shape.output(), conv.padding(), conv.kernelHeight(), conv.kernelWidth(),
                            conv.strideHeight(), conv.strideWidth())));
            return OnnxActivations.apply(graph, conv.activation(), y, channelAxis);
        }
        if (spec instanceof LayerSpec.Pooling2D pool) {
            // AveragePool's count_include_pad defaults to 0: Keras averages over the real pixels only
            return graph.node(pool.kind() == LayerSpec.PoolingKind.MAX ? "MaxPool" : "AveragePool", List.of(x),
                    Attribute.ints("kernel_shape", pool.poolHeight(), pool.poolWidth()),
                    Attribute.ints("strides", pool.strideHeight(), pool.strideWidth()),
                    Attribute.ints("pads", pads(input, shape.output(), pool.padding(), pool.poolHeight(), pool.poolWidth(),
                            pool.strideHeight(), pool.strideWidth())));
        }
        if (spec instanceof LayerSpec.GlobalPooling2D global) {
            String pooled = graph.node(global.kind() == LayerSpec.PoolingKind.MAX ? "GlobalMaxPool" : "GlobalAveragePool",
                    List.of(x));
            return graph.node("Flatten", List.of(pooled), Attribute.of("axis", 1L));
        }
        if (spec instanceof LayerSpec.Flatten) {
            return input.isSpatial()
                    ? graph.node("Flatten", List.of(graph.node("Transpose", List.of(x), Attribute.ints("perm", TO_NHWC))),
                            Attribute.of("axis", 1L))
                    : x;
        }
        if (spec instanceof LayerSpec.Dense dense) {
            Tensor kernel = weights.next();
            List<String> inputs = new ArrayList<>(List.of(x,
                    graph.weight(dense.name() + "/kernel", new long[] {input.lastAxis(), dense.units()}, kernel.data())));
            if (dense.useBias()) {
                inputs.add(vector(graph, dense.name() + "/bias", weights.next()));
            }
            return OnnxActivations.apply(graph, dense.activation(), graph.node("Gemm", inputs), channelAxis);
        }
        if (spec instanceof LayerSpec.BatchNormalization norm) {
            // Keras's order: gamma, beta, moving mean, moving variance; ONNX's inputs: scale, bias, mean, variance
            List<String> inputs = List.of(x, vector(graph, norm.name() + "/gamma", weights.next()),
                    vector(graph, norm.name() + "/beta", weights.next()),
                    vector(graph, norm.name() + "/moving_mean", weights.next()),
                    vector(graph, norm.name() + "/moving_variance", weights.next()));
            return graph.node("BatchNormalization", inputs, Attribute.of("epsilon", (float) norm.epsilon()));
        }
        if (spec instanceof LayerSpec.ActivationLayer activation) {
            return OnnxActivations.apply(graph, activation.activation(), x, channelAxis);
        }
        if (spec instanceof LayerSpec.Dropout) {
            return x; // inference: identity
        }
        throw new OnnxExportException("no ONNX operator for layer type " + spec.type());
    }

    /**
     * Refuses a softmax over a spatial tensor: DL4J normalizes it over another axis in its NCHW training layers than in
     * its NHWC serving layers (Keras's, the channels), and not always the same one, so no export can promise to answer
     * as the DL4J network does. Every other layer the definitions allow has an exact ONNX form.
     */
    private static boolean exported(LayerSpec layer) {
        return layer instanceof LayerSpec.Conv2D || layer instanceof LayerSpec.Pooling2D
                || layer instanceof LayerSpec.GlobalPooling2D || layer instanceof LayerSpec.Flatten
                || layer instanceof LayerSpec.Dense || layer instanceof LayerSpec.BatchNormalization
                || layer instanceof LayerSpec.ActivationLayer || layer instanceof LayerSpec.Dropout;
    }

    static void requireExportable(Architecture architecture) {
        if (architecture.definition().isGraph()) {
            throw new OnnxExportException("the definition is a graph (layers with 'inputs', add, concatenate); "
                    + "the ONNX export writes layer stacks only");
        }
        for (LayerShape shape : architecture.layers()) {
            if (!exported(shape.layer())) {
                throw new OnnxExportException("layer " + shape.index() + " ('" + shape.layer().name() + "') is a "
                        + shape.layer().type() + ", which the ONNX export does not write");
            }
            boolean softmax = shape.layer() instanceof LayerSpec.Conv2D conv && conv.activation() == Activation.SOFTMAX
                    || shape.layer() instanceof LayerSpec.ActivationLayer activation
                    && activation.activation() == Activation.SOFTMAX;
            if (softmax && shape.output().isSpatial()) {
                throw new OnnxExportException("layer " + shape.index() + " ('" + shape.layer().name()
                        + "') applies softmax to a spatial tensor " + shape.output().kerasText()
                        + ", which DL4J does not compute over a fixed axis; an ONNX export could not answer as it does");
            }
        }
    }

    /**
     * ONNX pads [top, left, bottom, right]. Keras's "same" pads (out - 1) * stride + window - in in all, the odd one at
     * the bottom and right; "valid" pads nothing.
     */
    private static long[] pads(TensorShape in, TensorShape out, Padding padding, int windowHeight, int windowWidth,
                               int strideHeight, int strideWidth) {
        if (padding == Padding.VALID) {
            return new long[] {0, 0, 0, 0};
        }
        int height = Math.max(0, (out.height() - 1) * strideHeight + windowHeight - in.height());
        int width = Math.max(0, (out.width() - 1) * strideWidth + windowWidth - in.width());
        return new long[] {height / 2, width / 2, height - height / 2, width - width / 2};
    }

    /** Keras [kh, kw, in, out] -> ONNX [out, in, kh, kw]. */
    private static float[] convKernel(Tensor keras, int out, int in, int kh, int kw) {
        float[] k = keras.data();
        float[] onnx = new float[k.length];
        int i = 0;
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < in; c++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        onnx[i++] = k[((y * kw + x) * in + c) * out + o];
                    }
                }
            }
        }
        return onnx;
    }

    private static String vector(OnnxGraph graph, String name, Tensor values) {
        return graph.weight(name, new long[] {values.data().length}, values.data());
    }

    private static void requireWeightsFit(List<WeightSlot> slots, List<Tensor> weights) {
        if (slots.size() != weights.size()) {
            throw new IllegalArgumentException("the network has " + slots.size() + " weight arrays, got " + weights.size());
        }
        for (int i = 0; i < slots.size(); i++) {
            if (!Arrays.equals(slots.get(i).shape(), weights.get(i).shape())) {
                throw new IllegalArgumentException("weight " + slots.get(i).displayName() + " must have shape "
                        + slots.get(i).shapeText() + ", got " + Arrays.toString(weights.get(i).shape()));
            }
        }
    }
}
