package dev.convnet.engine.dl4j;

import dev.convnet.definition.Architecture;
import dev.convnet.definition.InvalidDefinitionException;
import dev.convnet.definition.Violation;
import dev.convnet.engine.MemoryEstimate;
import dev.convnet.engine.runtime.LayerHelpers;
import dev.convnet.engine.runtime.NativeMemory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.springframework.stereotype.Component;

/**
 * Compiles a shape-checked {@link Architecture} into a DL4J {@link MultiLayerNetwork} (NCHW, float32) with the
 * configuration {@link NetworkConfigurations} builds, or a graph definition into a {@link ComputationGraph}
 * ({@link GraphConfigurations}), checking native memory first and oneDNN helpers after; also
 * restores stored networks and adopts imported ones.
 */
@Component
public class NetworkCompiler {

    static {
        // Before any network exists: DL4J decides per layer, at creation, whether a oneDNN helper attaches.
        LayerHelpers.enable();
    }

    /** Keras's plain "SGD" optimizer default; training jobs replace the updater with their own. */
    static final IUpdater DEFAULT_UPDATER = new Sgd(0.01);

    public CompiledNetwork compile(Architecture architecture, long seed) {
        return compile(architecture, seed, DEFAULT_UPDATER);
    }

    public CompiledNetwork compile(Architecture architecture, long seed, IUpdater updater) {
        return compile(architecture, seed, updater, List.of());
    }

    public CompiledNetwork compile(Architecture architecture, long seed, IUpdater updater, List<Regularization> regularization) {
        requireMemoryFor(architecture);
        if (architecture.definition().isGraph()) {
            ComputationGraph graph = new ComputationGraph(GraphConfigurations.build(architecture, seed, updater, regularization));
            graph.init();
            LayerHelpers.requireHelpers(graph);
            return new CompiledNetwork(architecture, graph);
        }
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkConfigurations.build(architecture, seed, updater, regularization,
                CNN2DFormat.NCHW));
        network.init();
        requireHelpersWhereActive(network);
        return new CompiledNetwork(architecture, network);
    }

    /**
     * A copy of {@code trained} for serving, with channels-last (NHWC) conv, pooling and batch-norm layers: requests
     * arrive as NHWC pixels, so the copy skips the NCHW transpose on the way in and out and runs oneDNN on its
     * preferred layout: 3.5x the throughput at batch 256, 1.3x at 16 (docs/BENCHMARKS.md,
     * serving throughput). Same function and weights (moved over in Keras's layout). Training and the stored files
     * stay NCHW: NHWC training was measured and is not faster.
     */
    public CompiledNetwork forServing(CompiledNetwork trained) {
        if (trained.architecture().definition().isGraph()) {
            return trained.copy(); // graphs stay NCHW: see GraphConfigurations
        }
        requireMemoryFor(trained.architecture());
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkConfigurations.build(trained.architecture(), 0, DEFAULT_UPDATER,
                List.of(), CNN2DFormat.NHWC));
        network.init();
        requireHelpersWhereActive(network);
        CompiledNetwork serving = new CompiledNetwork(trained.architecture(), network, true);
        serving.setKerasWeights(trained.kerasWeights());
        return serving;
    }

    /** The same network with another updater (a training job's optimizer), keeping every parameter. */
    public CompiledNetwork withUpdater(CompiledNetwork source, long seed, IUpdater updater, List<Regularization> regularization) {
        CompiledNetwork target = compile(source.architecture(), seed, updater, regularization);
        target.dl4j().model().setParams(source.dl4j().model().params());
        return target;
    }

    /**
     * The DL4J layers a definition compiles to, without allocating its parameters. DL4J's own checks run
     * here, so a definition that passes is one the engine can build.
     */
    public List<EngineLayer> describe(Architecture architecture) {
        try {
            return architecture.definition().isGraph()
                    ? EngineLayers.describe(GraphConfigurations.build(architecture, 0, DEFAULT_UPDATER, List.of()))
                    : EngineLayers.describe(NetworkConfigurations.build(architecture, 0, DEFAULT_UPDATER, List.of(),
                    CNN2DFormat.NCHW));
        } catch (RuntimeException e) {
            throw new InvalidDefinitionException(Violation.document("layers",
                    "the network could not be compiled for DL4J: " + e.getMessage()));
        }
    }

    /** Reads a network written by {@link CompiledNetwork#writeTo}, checking that it fits the architecture. */
    public CompiledNetwork restore(Architecture architecture, InputStream serialized) throws IOException {
        return restore(architecture, serialized, false);
    }

    /** With {@code withUpdater}, the optimizer state too: a training checkpoint resumes where it stopped. */
    public CompiledNetwork restore(Architecture architecture, InputStream serialized, boolean withUpdater) throws IOException {
        requireMemoryFor(architecture);
        if (architecture.definition().isGraph()) {
            ComputationGraph graph = ModelSerializer.restoreComputationGraph(serialized, withUpdater);
            StandardActivationClasses.useFasterActivations(new Dl4jNetwork.Graph(graph, List.of()).layerConfigurations());
            LayerHelpers.requireHelpers(graph);
            if (graph.numParams() != architecture.totalParams()) {
                throw new IOException("stored network has " + graph.numParams() + " parameters, the definition "
                        + architecture.totalParams());
            }
            return new CompiledNetwork(architecture, graph);
        }
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(serialized, withUpdater);
        StandardActivationClasses.useFasterActivations(network.getLayerWiseConfigurations());
        requireHelpersWhereActive(network);
        long expected = architecture.totalParams();
        if (network.numParams() != expected) {
            throw new IOException("stored network has " + network.numParams() + " parameters, the definition " + expected);
        }
        return new CompiledNetwork(architecture, network);
    }

    /**
     * A network compiled from {@code architecture} (the definition an imported DL4J file mapped to) holding
     * the imported file's parameters. Both are NCHW DL4J networks, so parameters copy over unchanged, layer by
     * parameterized layer; every layer's parameter names and shapes must agree first.
     */
    public CompiledNetwork adopt(Architecture architecture, ImportedDl4jNetwork imported) {
        CompiledNetwork target = compile(architecture, 0);
        ParameterTransfer.copy(imported.restore(architecture.totalParams()), target.network());
        return target;
    }

    /**
     * The parameters, twice: the network's array and the initializer's (or the file reader's) temporary copy. Checked
     * before ND4J is asked, because an allocation libnd4j cannot satisfy crashes the JVM instead of throwing.
     */
    static void requireMemoryFor(Architecture architecture) {
        NativeMemory.require(MemoryEstimate.times(MemoryEstimate.weightBytes(architecture), 2),
                "a network of " + architecture.totalParams() + " parameters");
    }

    /** On a oneDNN build every conv, pooling and batch-norm layer must run on its helper: the fast path. */
    private static void requireHelpersWhereActive(MultiLayerNetwork network) {
        if (LayerHelpers.active()) {
            LayerHelpers.requireHelpers(network);
        }
    }
}
