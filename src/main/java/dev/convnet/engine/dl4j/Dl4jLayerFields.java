package dev.convnet.engine.dl4j;

import dev.convnet.definition.Activation;
import dev.convnet.definition.LayerSpec;
import dev.convnet.definition.Loss;
import dev.convnet.definition.Padding;
import dev.convnet.definition.Violation;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * One layer of a DL4J configuration read as definition values. A setting the definition cannot express is added
 * to {@code violations}, naming the layer and the field, and a harmless stand-in returned so that reading goes on
 * and every violation is reported at once.
 */
final class Dl4jLayerFields {

    private final int index;
    private final Layer layer;
    private final List<Violation> violations;

    Dl4jLayerFields(int index, Layer layer, List<Violation> violations) {
        this.index = index;
        this.layer = layer;
        this.violations = violations;
    }

    void refuse(String field, String detail) {
        String name = layer.getLayerName() == null ? "" : " '" + layer.getLayerName() + "'";
        violations.add(new Violation("/confs/" + index + "/layer" + (field == null ? "" : "/" + field), index,
                layer.getClass().getSimpleName(), field, "DL4J layer " + index + name + ": " + detail, null));
    }

    /** [height, width] of a window or stride: two positive ints, whatever the file says. */
    int[] pair(String field, int[] values) {
        if (values == null || values.length != 2 || values[0] < 1 || values[1] < 1) {
            refuse(field, field + " " + Arrays.toString(values) + " is not a pair of positive ints");
            return new int[] {1, 1};
        }
        return values;
    }

    /** A size DL4J keeps as a long, as the int the definition holds; a hostile file may declare any value. */
    int size(String field, long value) {
        if (value < 1 || value > Integer.MAX_VALUE) {
            refuse(field, field + " " + value + " is not a positive int");
            return 1;
        }
        return (int) value;
    }

    Double dropoutRate(IDropout dropout) {
        if (dropout instanceof Dropout plain && plain.getPSchedule() == null) {
            return 1.0 - plain.getP(); // DL4J's p is the fraction kept
        }
        refuse("dropOut", "only plain dropout with a fixed retain probability is supported, got "
                + (dropout == null ? "none" : dropout.getClass().getSimpleName()));
        return null;
    }

    Padding padding(ConvolutionMode mode, int[] padding) {
        if (mode == ConvolutionMode.Same) {
            return Padding.SAME;
        }
        if (mode != ConvolutionMode.Truncate && mode != ConvolutionMode.Strict) {
            refuse("convolutionMode", "convolution mode " + mode
                    + " is not supported; only Same ('same') and Truncate/Strict ('valid')");
        } else if (padding != null && Arrays.stream(padding).anyMatch(p -> p != 0)) {
            refuse("padding", "explicit padding " + Arrays.toString(padding)
                    + " is not supported; only ConvolutionMode.Same or no padding");
        }
        return Padding.VALID;
    }

    LayerSpec.PoolingKind poolingKind(PoolingType type) {
        if (type == PoolingType.MAX) {
            return LayerSpec.PoolingKind.MAX;
        }
        if (type != PoolingType.AVG) {
            refuse("poolingType", "pooling type " + type + " is not supported; only MAX and AVG");
        }
        return LayerSpec.PoolingKind.AVERAGE;
    }

    void requireNchw(CNN2DFormat format) {
        if (format != null && format != CNN2DFormat.NCHW) {
            refuse("dataFormat", "data format " + format + " is not supported; the engine runs NCHW");
        }
    }

    void requireUnit(String field, int[] values) {
        if (values != null && Arrays.stream(values).anyMatch(v -> v != 1)) {
            refuse(field, field + " " + Arrays.toString(values) + " is not supported; only 1");
        }
    }

    void requireLast(boolean last) {
        if (!last) {
            refuse(null, layer.getClass().getSimpleName() + " is only supported as the network's last layer");
        }
    }

    /** The Activation whose DL4J form (with Keras's constants) this function is. */
    Activation activation(IActivation fn) {
        for (Activation candidate : Activation.values()) {
            if (sameFunction(KerasFunctionsInDl4j.of(candidate), fn)) {
                return candidate;
            }
        }
        refuse("activation", "activation " + fn + " is not supported; supported (with Keras's constants): "
                + Activation.allowedValues());
        return Activation.LINEAR;
    }

    Loss loss(ILossFunction fn) {
        for (Loss candidate : Loss.values()) {
            if (sameFunction(KerasFunctionsInDl4j.of(candidate), fn)) {
                return candidate;
            }
        }
        refuse("lossFn", "loss function " + fn + " is not supported; supported: " + Loss.allowedValues());
        return null;
    }

    /** DL4J's functions compare by their settings; a class without equals() still matches by its description. */
    private static boolean sameFunction(Object ours, Object theirs) {
        return theirs != null && (ours.equals(theirs)
                || (ours.getClass() == theirs.getClass() && ours.toString().equals(theirs.toString())));
    }
}
