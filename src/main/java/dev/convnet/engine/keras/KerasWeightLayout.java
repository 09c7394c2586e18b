package dev.convnet.engine.keras;

import dev.convnet.definition.Architecture;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.LayerShape;
import dev.convnet.definition.LayerSpec;
import dev.convnet.engine.dl4j.WeightSlot;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where each Keras weight array lives in DL4J and how its layout differs.
 * Conv kernels: Keras [kh, kw, in, out], DL4J [out, in, kh, kw]; a separable conv's depthwise kernel, Keras
 * [kh, kw, in, multiplier], is DL4J's [multiplier, in, kh, kw], the same permutation; a depthwise conv's kernel has
 * Keras's layout in DL4J too. Dense kernels are [in, out] in both, but
 * after a Flatten of a conv output Keras numbers the inputs in (height, width, channels) order and DL4J
 * (NCHW) in (channels, height, width) order, so rows are permuted; per-feature batch-norm vectors on such
 * a flattened tensor likewise.
 */
public final class KerasWeightLayout {

    /** One Keras array and the DL4J parameter it maps to. */
    public record Mapping(WeightSlot slot, String dl4jKey, Conversion conversion, InputShape flattenedFrom) {
    }

    enum Conversion { CONV_KERNEL, DENSE_KERNEL, VECTOR, SAME_LAYOUT }

    private KerasWeightLayout() {
    }

    public static List<Mapping> mappings(Architecture architecture) {
        return mappings(architecture, false);
    }

    /** {@code channelsLast}: a network with NHWC layers flattens in Keras's own (height, width, channels) order. */
    public static List<Mapping> mappings(Architecture architecture, boolean channelsLast) {
        List<Mapping> mappings = new ArrayList<>();
        for (LayerShape shape : architecture.layers()) {
            int index = shape.index();
            InputShape flattenedFrom = shape.input().isSpatial() || channelsLast ? null : shape.input().flattenedFrom();
            LayerSpec layer = shape.layer();
            if (layer instanceof LayerSpec.Conv2D conv) {
                    mappings.add(new Mapping(slot(shape, "kernel", true, conv.kernelHeight(), conv.kernelWidth(),
                            shape.input().lastAxis(), conv.filters()), "W", Conversion.CONV_KERNEL, null));
                    if (conv.useBias()) {
                        mappings.add(new Mapping(slot(shape, "bias", true, conv.filters()), "b", Conversion.VECTOR, null));
                    }
            } else if (layer instanceof LayerSpec.SeparableConv2D conv) {
                int in = shape.input().lastAxis();
                mappings.add(new Mapping(slot(shape, "depthwise_kernel", true, conv.kernelHeight(), conv.kernelWidth(), in,
                        conv.depthMultiplier()), "W", Conversion.CONV_KERNEL, null));
                mappings.add(new Mapping(slot(shape, "pointwise_kernel", true, 1, 1, in * conv.depthMultiplier(),
                        conv.filters()), "pW", Conversion.CONV_KERNEL, null));
                if (conv.useBias()) {
                    mappings.add(new Mapping(slot(shape, "bias", true, conv.filters()), "b", Conversion.VECTOR, null));
                }
            } else if (layer instanceof LayerSpec.DepthwiseConv2D conv) {
                int channels = shape.output().lastAxis();
                mappings.add(new Mapping(slot(shape, "depthwise_kernel", true, conv.kernelHeight(), conv.kernelWidth(),
                        shape.input().lastAxis(), conv.depthMultiplier()), "W", Conversion.SAME_LAYOUT, null));
                if (conv.useBias()) {
                    mappings.add(new Mapping(slot(shape, "bias", true, channels), "b", Conversion.VECTOR, null));
                }
            } else if (layer instanceof LayerSpec.Dense dense) {
                    mappings.add(new Mapping(slot(shape, "kernel", true, shape.input().lastAxis(), dense.units()),
                            "W", Conversion.DENSE_KERNEL, flattenedFrom));
                    if (dense.useBias()) {
                        mappings.add(new Mapping(slot(shape, "bias", true, dense.units()), "b", Conversion.VECTOR, null));
                    }
            } else if (layer instanceof LayerSpec.BatchNormalization) {
                    int features = shape.input().lastAxis();
                    mappings.add(new Mapping(slot(shape, "gamma", true, features), "gamma", Conversion.VECTOR, flattenedFrom));
                    mappings.add(new Mapping(slot(shape, "beta", true, features), "beta", Conversion.VECTOR, flattenedFrom));
                    mappings.add(new Mapping(slot(shape, "moving_mean", false, features), "mean", Conversion.VECTOR, flattenedFrom));
                    mappings.add(new Mapping(slot(shape, "moving_variance", false, features), "var", Conversion.VECTOR, flattenedFrom));
            }
        }
        return mappings;
    }

    /** Keras array (C order, Keras shape) -> array in the DL4J parameter's layout and shape. */
    public static INDArray toDl4j(Mapping mapping, float[] kerasValues, long[] dl4jShape) {
        int[] shape = mapping.slot().shape();
        INDArray keras = Nd4j.create(kerasValues, toLong(shape), 'c');
        INDArray converted = switch (mapping.conversion()) {
            case CONV_KERNEL -> keras.permute(3, 2, 0, 1);
            case SAME_LAYOUT -> keras;
            case DENSE_KERNEL -> mapping.flattenedFrom() == null ? keras : hwcRowsToChw(keras, mapping.flattenedFrom());
            case VECTOR -> mapping.flattenedFrom() == null ? keras
                    : hwcRowsToChw(keras.reshape(shape[0], 1), mapping.flattenedFrom());
        };
        return converted.dup('c').reshape('c', dl4jShape);
    }

    /** DL4J parameter -> Keras values in C order of the Keras shape. */
    public static float[] toKeras(Mapping mapping, INDArray dl4j) {
        int[] shape = mapping.slot().shape();
        INDArray keras = switch (mapping.conversion()) {
            case CONV_KERNEL -> dl4j.reshape('c', shape[3], shape[2], shape[0], shape[1]).permute(2, 3, 1, 0);
            case SAME_LAYOUT -> dl4j.reshape('c', toLong(shape));
            case DENSE_KERNEL -> mapping.flattenedFrom() == null ? dl4j.reshape('c', shape[0], shape[1])
                    : chwRowsToHwc(dl4j.reshape('c', shape[0], shape[1]), mapping.flattenedFrom());
            case VECTOR -> mapping.flattenedFrom() == null ? dl4j
                    : chwRowsToHwc(dl4j.reshape('c', shape[0], 1), mapping.flattenedFrom());
        };
        return keras.dup('c').data().asFloat();
    }

    private static INDArray hwcRowsToChw(INDArray rows, InputShape from) {
        long columns = rows.size(1);
        return rows.reshape('c', from.height(), from.width(), from.channels(), columns)
                .permute(2, 0, 1, 3).dup('c').reshape('c', rows.size(0), columns);
    }

    private static INDArray chwRowsToHwc(INDArray rows, InputShape from) {
        long columns = rows.size(1);
        return rows.reshape('c', from.channels(), from.height(), from.width(), columns)
                .permute(1, 2, 0, 3).dup('c').reshape('c', rows.size(0), columns);
    }

    private static WeightSlot slot(LayerShape shape, String role, boolean trainable, int... dims) {
        return new WeightSlot(shape.index(), shape.layer().name(), role, dims, trainable);
    }

    private static long[] toLong(int[] shape) {
        long[] result = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            result[i] = shape[i];
        }
        return result;
    }
}
