package dev.convnet.engine.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX graph under construction, serialized as a ModelProto with the field numbers of onnx.proto. Node outputs get
 * fresh names; weights are initializers stored as little-endian raw data, as ONNX requires.
 */
final class OnnxGraph {

    /** The IR version of ONNX 1.16 (opset 21), which ONNX Runtime 1.20 and later read. */
    static final long IR_VERSION = 10;
    static final long OPSET = 21;

    static final int FLOAT = 1;

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto and its AttributeType values
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_F = 2;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int TYPE_FLOAT = 1;
    private static final int TYPE_INT = 2;
    private static final int TYPE_INTS = 7;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    /** An attribute of a node: an int, a float or a list of ints. */
    record Attribute(String name, Long i, Float f, long[] ints) {
        static Attribute of(String name, long value) {
            return new Attribute(name, value, null, null);
        }

        static Attribute of(String name, float value) {
            return new Attribute(name, null, value, null);
        }

        static Attribute ints(String name, long... values) {
            return new Attribute(name, null, null, values);
        }

        ProtoMessage proto() {
            ProtoMessage attribute = new ProtoMessage().string(ATTRIBUTE_NAME, name);
            if (i != null) {
                return attribute.int64(ATTRIBUTE_I, i).int64(ATTRIBUTE_TYPE, TYPE_INT);
            }
            if (f != null) {
                return attribute.float32(ATTRIBUTE_F, f).int64(ATTRIBUTE_TYPE, TYPE_FLOAT);
            }
            for (long value : ints) {
                attribute.int64(ATTRIBUTE_INTS, value);
            }
            return attribute.int64(ATTRIBUTE_TYPE, TYPE_INTS);
        }
    }

    private final String name;
    private final List<ProtoMessage> nodes = new ArrayList<>();
    private final List<ProtoMessage> initializers = new ArrayList<>();
    private final List<ProtoMessage> inputs = new ArrayList<>();
    private final List<ProtoMessage> outputs = new ArrayList<>();
    private int nextName;

    OnnxGraph(String name) {
        this.name = name;
    }

    /** Adds a node with one output and returns that output's name. */
    String node(String opType, List<String> nodeInputs, Attribute... attributes) {
        String output = opType.toLowerCase(java.util.Locale.ROOT) + "_" + nextName++;
        ProtoMessage node = new ProtoMessage();
        nodeInputs.forEach(input -> node.string(NODE_INPUT, input));
        node.string(NODE_OUTPUT, output).string(NODE_NAME, output).string(NODE_OP_TYPE, opType);
        for (Attribute attribute : attributes) {
            node.message(NODE_ATTRIBUTE, attribute.proto());
        }
        nodes.add(node);
        return output;
    }

    /** A float32 weight; {@code values} in C order of {@code dims}. */
    String weight(String weightName, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(Math.multiplyExact(values.length, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        initializers.add(new ProtoMessage().packedInt64(TENSOR_DIMS, dims).int64(TENSOR_DATA_TYPE, FLOAT)
                .string(TENSOR_NAME, weightName).bytes(TENSOR_RAW_DATA, raw.array()));
        return weightName;
    }

    /** A float32 scalar constant (e.g. Clip's bounds). */
    String scalar(float value) {
        return weight("constant_" + nextName++, new long[0], new float[] {value});
    }

    /** The graph's float32 input; a negative dimension is the symbolic batch size. */
    void input(String inputName, long... dims) {
        inputs.add(valueInfo(inputName, dims));
    }

    /** Names the value {@code produced} as the graph's output {@code outputName} (through an Identity node). */
    void output(String produced, String outputName, long... dims) {
        ProtoMessage node = new ProtoMessage().string(NODE_INPUT, produced).string(NODE_OUTPUT, outputName)
                .string(NODE_NAME, outputName).string(NODE_OP_TYPE, "Identity");
        nodes.add(node);
        outputs.add(valueInfo(outputName, dims));
    }

    byte[] toModel(String producer, String producerVersion) {
        ProtoMessage graph = new ProtoMessage();
        nodes.forEach(node -> graph.message(GRAPH_NODE, node));
        graph.string(GRAPH_NAME, name);
        initializers.forEach(initializer -> graph.message(GRAPH_INITIALIZER, initializer));
        inputs.forEach(input -> graph.message(GRAPH_INPUT, input));
        outputs.forEach(output -> graph.message(GRAPH_OUTPUT, output));
        return new ProtoMessage()
                .int64(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, producer)
                .string(MODEL_PRODUCER_VERSION, producerVersion)
                .message(MODEL_GRAPH, graph)
                .message(MODEL_OPSET_IMPORT, new ProtoMessage().string(OPSET_DOMAIN, "").int64(OPSET_VERSION, OPSET))
                .toByteArray();
    }

    private static ProtoMessage valueInfo(String valueName, long[] dims) {
        ProtoMessage shape = new ProtoMessage();
        for (long dim : dims) {
            shape.message(SHAPE_DIM, dim < 0 ? new ProtoMessage().string(DIM_PARAM, "batch")
                    : new ProtoMessage().int64(DIM_VALUE, dim));
        }
        ProtoMessage tensorType = new ProtoMessage().int64(TENSOR_TYPE_ELEM_TYPE, FLOAT).message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoMessage().string(VALUE_INFO_NAME, valueName)
                .message(VALUE_INFO_TYPE, new ProtoMessage().message(TYPE_TENSOR_TYPE, tensorType));
    }
}
