package dev.convnet.engine.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.convnet.engine.MemoryEstimate;
import java.io.IOException;

/**
 * The native memory an ONNX Runtime session of a model holds while it stays open, estimated before the session is
 * created:
 *
 * <pre>
 *   session = {@value #INITIALIZER_COPIES} x initializer bytes  +  {@value #SESSION_OVERHEAD_BYTES} bytes
 * </pre>
 *
 * The initializers are the model's weights. The session keeps its own copy of them, and with every graph
 * optimization on, the convolution and GEMM kernels keep a second, pre-packed copy in MLAS's blocked layout; the
 * model's bytes themselves are not kept. Measured with {@code OnnxSessionMemoryBench} as the JVM's resident-set growth
 * over 32 open sessions of each model, after a batch-1 run (docs/BENCHMARKS.md, "ONNX Runtime memory and jar size"):
 * a session of the detector preset (40 bytes of weights) holds 0.12 MB with one intra-op thread and 0.18 MB with two; LeNet-5
 * (2.08 MB of weights) 4.38 MB, a dense network with 28.2 MB of weights 56.4 MB, both twice their weights, and the
 * CIFAR-10 CNN (4.77 MB) 7.1 MB, 1.5 times. So: two copies, an upper bound, and 1 MiB for the session itself, which
 * leaves room for the larger intra-op pools of machines with more cores. Not counted: a batch's activations, which
 * the per-request limit ({@code convnet.limits.memory-budget}, the rows it allows a batch) bounds.
 */
public final class OnnxSessionMemory {

    /** Copies of the weights an open session holds (its arena's and the pre-packed kernels'). */
    public static final int INITIALIZER_COPIES = 2;

    /** Bytes one session holds beyond its weights. */
    public static final long SESSION_OVERHEAD_BYTES = 1L << 20;

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_RAW_DATA = 9;

    private OnnxSessionMemory() {
    }

    /** The estimate for a session of {@code model} (an ONNX ModelProto's bytes). */
    public static long estimateBytes(byte[] model) {
        long weights = MemoryEstimate.times(initializerBytes(model), INITIALIZER_COPIES);
        return weights > Long.MAX_VALUE - SESSION_OVERHEAD_BYTES ? Long.MAX_VALUE : weights + SESSION_OVERHEAD_BYTES;
    }

    /** The bytes of the model's initializers: raw data as stored, else element count times element size. */
    public static long initializerBytes(byte[] model) {
        try {
            CodedInputStream modelProto = CodedInputStream.newInstance(model);
            long total = 0;
            for (int tag = modelProto.readTag(); tag != 0; tag = modelProto.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    total = add(total, graphInitializerBytes(modelProto.readByteArray()));
                } else {
                    modelProto.skipField(tag);
                }
            }
            return total;
        } catch (IOException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
    }

    private static long graphInitializerBytes(byte[] graph) throws IOException {
        CodedInputStream graphProto = CodedInputStream.newInstance(graph);
        long total = 0;
        for (int tag = graphProto.readTag(); tag != 0; tag = graphProto.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == GRAPH_INITIALIZER
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                total = add(total, tensorBytes(graphProto.readByteArray()));
            } else {
                graphProto.skipField(tag);
            }
        }
        return total;
    }

    private static long tensorBytes(byte[] tensor) throws IOException {
        CodedInputStream tensorProto = CodedInputStream.newInstance(tensor);
        long elements = 1;
        int dataType = 0;
        long rawBytes = -1;
        for (int tag = tensorProto.readTag(); tag != 0; tag = tensorProto.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wireType = WireFormat.getTagWireType(tag);
            if (field == TENSOR_DIMS && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = tensorProto.pushLimit(tensorProto.readRawVarint32());
                while (tensorProto.getBytesUntilLimit() > 0) {
                    elements = MemoryEstimate.times(elements, Math.max(0, tensorProto.readInt64()));
                }
                tensorProto.popLimit(limit);
            } else if (field == TENSOR_DIMS && wireType == WireFormat.WIRETYPE_VARINT) {
                elements = MemoryEstimate.times(elements, Math.max(0, tensorProto.readInt64()));
            } else if (field == TENSOR_DATA_TYPE && wireType == WireFormat.WIRETYPE_VARINT) {
                dataType = tensorProto.readInt32();
            } else if (field == TENSOR_RAW_DATA && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                rawBytes = tensorProto.readRawVarint32();
                tensorProto.skipRawBytes((int) rawBytes);
            } else {
                tensorProto.skipField(tag);
            }
        }
        return rawBytes >= 0 ? rawBytes : MemoryEstimate.times(elements, elementBytes(dataType));
    }

    /** ONNX's TensorProto.DataType sizes; 4 for a type this service never writes. */
    private static long elementBytes(int dataType) {
        return switch (dataType) {
            case 2, 3, 9 -> 1;          // uint8, int8, bool
            case 4, 5, 10, 16 -> 2;     // uint16, int16, float16, bfloat16
            case 7, 11, 13 -> 8;        // int64, double, uint64
            default -> 4;               // float, int32, uint32
        };
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
