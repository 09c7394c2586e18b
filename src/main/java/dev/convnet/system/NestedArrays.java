package dev.convnet.system;

import dev.convnet.engine.Tensor;
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
                if (!element.isNumber()) {
                    throw new BadRequestException(pointer + "/" + i, pointer + "/" + i + " must be a number, got " + element);
                }
                data[next[0]++] = element.floatValue();
            } else {
                fill(element, dims, axis + 1, data, next, pointer + "/" + i);
            }
        }
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
                throw new BadRequestException(pointer + "/shape", pointer + "/shape must hold positive integers, got " + shapeNode);
            }
            dims[i] = dim.intValue();
            size *= dims[i];
        }
        if (size != dataNode.size()) {
            throw new BadRequestException(pointer + "/data", pointer + "/data has " + dataNode.size()
                    + " values but shape " + shapeNode + " needs " + size);
        }
        float[] data = new float[(int) size];
        for (int i = 0; i < data.length; i++) {
            JsonNode value = dataNode.get(i);
            if (!value.isNumber()) {
                throw new BadRequestException(pointer + "/data/" + i, pointer + "/data/" + i + " must be a number, got " + value);
            }
            data[i] = value.floatValue();
        }
        return new Tensor(dims, data);
    }
}
