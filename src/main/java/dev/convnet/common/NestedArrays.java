package dev.convnet.common;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Tensors as JSON: nested arrays, as numpy's {@code tolist()} writes them, or the compact form
 * {@code {"shape": [...], "data": [...]}} with the values in row-major order.
 */
public final class NestedArrays {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private NestedArrays() {
    }

    public static Tensor read(JsonNode node, String pointer) {
        if (node != null && node.isObject()) {
            return readCompact(node, pointer);
        }
        if (node == null || !node.isArray()) {
            throw new BadRequestException(pointer, pointer + " must be a (nested) array of numbers or {\"shape\", \"data\"}");
        }
        List<Integer> shape = new ArrayList<>();
        long size = 1;
        for (JsonNode level = node; level.isArray(); level = level.get(0)) {
            shape.add(level.size());
            size *= level.size();
            if (level.isEmpty() || size > MAX_VALUES) {
                throw new BadRequestException(pointer, pointer + " must be a non-empty rectangular array");
            }
        }
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        float[] data = new float[(int) size];
        fill(node, dims, 0, data, new int[] {0}, pointer);
        return new Tensor(dims, data);
    }

    public static JsonNode write(Tensor tensor) {
        if (tensor.rank() == 0) {
            return NODES.numberNode(tensor.data()[0]);
        }
        return write(tensor, 0, new int[] {0});
    }

    private static ArrayNode write(Tensor tensor, int axis, int[] next) {
        ArrayNode array = NODES.arrayNode(tensor.shape()[axis]);
        for (int i = 0; i < tensor.shape()[axis]; i++) {
            if (axis == tensor.rank() - 1) {
                array.add(tensor.data()[next[0]++]);
            } else {
                array.add(write(tensor, axis + 1, next));
            }
        }
        return array;
    }

    private static void fill(JsonNode node, int[] dims, int axis, float[] data, int[] next, String pointer) {
        if (!node.isArray() || node.size() != dims[axis]) {
            throw new BadRequestException(pointer, pointer + " is not rectangular: expected an array of "
                    + dims[axis] + " elements at depth " + axis);
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (axis == dims.length - 1) {
                data[next[0]++] = float32(element, pointer + "/" + i);
            } else {
                fill(element, dims, axis + 1, data, next, pointer + "/" + i);
            }
        }
    }

    /**
     * The value as a float32. A number beyond float32's range is refused, naming its position: stored as
     * infinity it would poison every weight it touches.
     */
    public static float float32(JsonNode value, String pointer) {
        if (value == null || !value.isNumber()) {
            throw new BadRequestException(pointer, pointer + " must be a number, got " + abbreviated(value));
        }
        // numberValue(): a BigInteger or BigDecimal beyond double's range becomes an infinity instead of throwing
        double number = value.numberValue().doubleValue();
        if (!(Math.abs(number) <= Float.MAX_VALUE)) {
            String shown = Double.isInfinite(number) ? "a number" : abbreviated(value);
            throw new BadRequestException(pointer, pointer + " is " + shown
                    + " outside the range of a 32-bit float (magnitude at most " + Float.MAX_VALUE + ")");
        }
        return (float) number;
    }

    /** A value as it appears in an error message: an echo of a huge request would bury the message. */
    public static String abbreviated(JsonNode value) {
        String text = String.valueOf(value);
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    private static Tensor readCompact(JsonNode node, String pointer) {
        JsonNode shapeNode = node.get("shape");
        JsonNode dataNode = node.get("data");
        if (shapeNode == null || !shapeNode.isArray() || dataNode == null || !dataNode.isArray()) {
            throw new BadRequestException(pointer, pointer + " must have both \"shape\" and \"data\" arrays");
        }
        int[] dims = new int[shapeNode.size()];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode dim = shapeNode.get(i);
            if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.intValue() <= 0) {
                throw new BadRequestException(pointer + "/shape", pointer + "/shape must hold positive integers, got "
                        + abbreviated(shapeNode));
            }
            dims[i] = dim.intValue();
            size *= dims[i];
            if (size > MAX_VALUES) { // also keeps the product from wrapping around to a plausible count
                throw new BadRequestException(pointer + "/shape", pointer + "/shape " + abbreviated(shapeNode)
                        + " has more than " + MAX_VALUES + " values");
            }
        }
        if (size != dataNode.size()) {
            throw new BadRequestException(pointer + "/data", pointer + "/data has " + dataNode.size()
                    + " values but shape " + abbreviated(shapeNode) + " needs " + size);
        }
        float[] data = new float[(int) size];
        for (int i = 0; i < data.length; i++) {
            data[i] = float32(dataNode.get(i), pointer + "/data/" + i);
        }
        return new Tensor(dims, data);
    }
}
