package dev.convnet.engine.dl4j;

import dev.convnet.common.Tensor;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.LayerSpec;
import dev.convnet.definition.Violation;
import dev.convnet.engine.MemoryEstimate;
import dev.convnet.engine.ServingNetwork;
import dev.convnet.engine.keras.KerasWeightLayout;
import dev.convnet.engine.runtime.CallingThreadOmp;
import dev.convnet.engine.runtime.NativeMemory;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A definition compiled onto DL4J, with conversions at its edges: inputs and outputs in Keras's NHWC
 * layout, weights in Keras's layouts. Like the DL4J network it wraps, an instance is not thread-safe;
 * callers that share one must serialize access or use {@link #copy()}.
 */
public final class CompiledNetwork implements ServingNetwork {

    public static final String ENGINE = "dl4j";

    /** Batches up to this size run on one OpenMP thread: they are per-op overhead, not FLOPs (see CallingThreadOmp). */
    static final int SINGLE_THREAD_MAX_BATCH = 8;

    private final Architecture architecture;
    private final Dl4jNetwork network;
    private final List<KerasWeightLayout.Mapping> weightMappings;
    private final boolean channelsLast;

    CompiledNetwork(Architecture architecture, MultiLayerNetwork network) {
        this(architecture, network, false);
    }

    /** {@code channelsLast}: the network's conv, pooling and batch-norm layers are NHWC ({@link NetworkCompiler#forServing}). */
    CompiledNetwork(Architecture architecture, MultiLayerNetwork network, boolean channelsLast) {
        this(architecture, new Dl4jNetwork.Sequential(network, dl4jLayerIndices(architecture, network.getnLayers())),
                channelsLast);
    }

    /** A graph definition's network; graphs run NCHW. */
    CompiledNetwork(Architecture architecture, ComputationGraph graph) {
        this(architecture, new Dl4jNetwork.Graph(graph, Dl4jNetwork.names(architecture.definition().layers())), false);
    }

    private CompiledNetwork(Architecture architecture, Dl4jNetwork network, boolean channelsLast) {
        this.architecture = architecture;
        this.network = network;
        this.channelsLast = channelsLast;
        this.weightMappings = KerasWeightLayout.mappings(architecture, channelsLast);
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The arrays {@code model.get_weights()} would return for this network, in order. */
    public List<WeightSlot> weightSlots() {
        return weightMappings.stream().map(KerasWeightLayout.Mapping::slot).toList();
    }

    public List<Tensor> kerasWeights() {
        List<Tensor> weights = new ArrayList<>();
        for (KerasWeightLayout.Mapping mapping : weightMappings) {
            INDArray param = network.parameterLayer(mapping.slot().layerIndex()).getParam(mapping.dl4jKey());
            weights.add(new Tensor(mapping.slot().shape(), KerasWeightLayout.toKeras(mapping, param)));
        }
        return weights;
    }

    /** Sets every weight, Keras's {@code model.set_weights()}; checks the whole list before changing anything. */
    public void setKerasWeights(List<Tensor> weights) {
        List<Violation> violations = new ArrayList<>();
        if (weights.size() != weightMappings.size()) {
            violations.add(new Violation("/weights", null, null, "weights", "expected " + weightMappings.size()
                    + " arrays (" + String.join(", ", weightSlots().stream()
                    .map(s -> s.displayName() + " " + s.shapeText()).toList()) + "), got " + weights.size(), null));
            throw new InvalidWeightsException("wrong number of weight arrays", violations);
        }
        for (int i = 0; i < weights.size(); i++) {
            WeightSlot slot = weightMappings.get(i).slot();
            if (!Arrays.equals(slot.shape(), weights.get(i).shape())) {
                violations.add(new Violation("/weights/" + i, slot.layerIndex(), null, "weights[" + i + "]",
                        "array " + i + " (" + slot.displayName() + ") must have shape " + slot.shapeText()
                                + ", got " + Arrays.toString(weights.get(i).shape()), null));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidWeightsException("weight arrays do not fit the network", violations);
        }
        for (int i = 0; i < weights.size(); i++) {
            KerasWeightLayout.Mapping mapping = weightMappings.get(i);
            INDArray param = network.parameterLayer(mapping.slot().layerIndex()).getParam(mapping.dl4jKey());
            param.assign(KerasWeightLayout.toDl4j(mapping, weights.get(i).data(), param.shape()));
        }
    }

    /** Runs inference on a batch in Keras's NHWC layout; spatial outputs come back NHWC too. */
    @Override
    public Tensor predict(Tensor inputs) {
        var shape = architecture.definition().inputShape();
        int[] expected = {inputs.shape()[0], shape.height(), shape.width(), shape.channels()};
        if (inputs.rank() != 4 || !Arrays.equals(inputs.shape(), expected)) {
            throw new IllegalArgumentException("inputs must have shape [batch, " + shape.height() + ", " + shape.width()
                    + ", " + shape.channels() + "], got " + Arrays.toString(inputs.shape()));
        }
        NativeMemory.require(MemoryEstimate.inference(architecture, expected[0]).activationBytes(),
                "a prediction on a batch of " + expected[0]);
        INDArray nhwc = Nd4j.create(inputs.data(), new long[] {expected[0], expected[1], expected[2], expected[3]}, 'c');
        INDArray input = channelsLast ? nhwc : nhwc.permute(0, 3, 1, 2).dup('c');
        INDArray output = expected[0] <= SINGLE_THREAD_MAX_BATCH
                ? CallingThreadOmp.singleThreaded(() -> network.output(input))
                : network.output(input);
        InputShape flattenedFrom = architecture.outputShape().flattenedFrom();
        // NHWC layers give Keras's layout already, flattened outputs too; NCHW ones are put back into it
        if (!channelsLast && output.rank() == 4) {
            output = output.permute(0, 2, 3, 1);
        } else if (!channelsLast && flattenedFrom != null) {
            // a network ending in Flatten (or e.g. Flatten -> BatchNormalization): DL4J flattened C,H,W; Keras H,W,C
            output = output.reshape('c', output.size(0), flattenedFrom.channels(), flattenedFrom.height(),
                    flattenedFrom.width()).permute(0, 2, 3, 1).reshape('c', output.size(0), flattenedFrom.size());
        }
        // Every ND4J array is tracked until a collection frees it, which lengthens G1's pauses: skip the copy
        // when the output already is a whole c-order array (the usual case, a classifier's [batch, classes]).
        INDArray result = !output.isView() && output.ordering() == 'c' && output.length() == output.data().length()
                ? output : output.dup('c');
        return new Tensor(Arrays.stream(result.shape()).mapToInt(Math::toIntExact).toArray(), result.data().asFloat());
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    /** No: a DL4J network keeps per-call state in its layers; each worker gets a {@link #copy()}. */
    @Override
    public boolean threadSafe() {
        return false;
    }

    /** DL4J's own model file (ModelSerializer zip), without updater state. */
    public void writeTo(OutputStream out) throws IOException {
        StandardActivationClasses.writing(network, () -> ModelSerializer.writeModel(network.model(), out, false));
    }

    public CompiledNetwork copy() {
        NetworkCompiler.requireMemoryFor(architecture);
        return new CompiledNetwork(architecture, network.copy(), channelsLast);
    }

    public long numParams() {
        return network.model().numParams();
    }

    public List<EngineLayer> engineLayers() {
        return network instanceof Dl4jNetwork.Graph graph ? EngineLayers.describe(graph.graph().getConfiguration())
                : EngineLayers.describe(network().getLayerWiseConfigurations());
    }

    /** DL4J model file with the updater state too, so that training can resume exactly where it stopped. */
    public void writeCheckpointTo(OutputStream out) throws IOException {
        StandardActivationClasses.writing(network, () -> ModelSerializer.writeModel(network.model(), out, true));
    }

    /** For the engine's own use (training, evaluation): the DL4J network itself, either kind. */
    public Dl4jNetwork dl4j() {
        return network;
    }

    /** The DL4J network of a Sequential definition. */
    public MultiLayerNetwork network() {
        if (network instanceof Dl4jNetwork.Sequential sequential) {
            return sequential.network();
        }
        throw new IllegalStateException(architecture.definition().name() + " is a graph; use dl4j()");
    }

    /**
     * The DL4J layer of each definition layer, -1 for layers with none (Flatten, folded activations). Networks
     * stored before activation folding have a DL4J layer per Activation layer: told apart by their layer count.
     */
    private static int[] dl4jLayerIndices(Architecture architecture, int dl4jLayers) {
        int appended = NetworkConfigurations.needsAppendedLossLayer(architecture) ? 1 : 0;
        int[] folded = dl4jLayerIndices(architecture, NetworkConfigurations.foldedActivations(architecture));
        if (Arrays.stream(folded).max().orElse(-1) + 1 + appended == dl4jLayers) {
            return folded;
        }
        return dl4jLayerIndices(architecture, new boolean[architecture.layers().size()]);
    }

    private static int[] dl4jLayerIndices(Architecture architecture, boolean[] folded) {
        int[] indices = new int[architecture.layers().size()];
        int next = 0;
        for (int i = 0; i < indices.length; i++) {
            indices[i] = architecture.layers().get(i).layer() instanceof LayerSpec.Flatten || folded[i] ? -1 : next++;
        }
        return indices;
    }
}
