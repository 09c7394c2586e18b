package dev.convnet.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.convolution.Convolution1DLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Switches DL4J's oneDNN layer helpers on and checks that networks got them.
 *
 * <p>With helpers, convolution, subsampling and batch-norm layers run as single oneDNN primitives instead
 * of im2col + gemm in Java; on the project's 2-core AVX-512 hosts that is 7-10x faster training of the lesson
 * CNNs (docs/BENCHMARKS.md). DL4J 1.0.0-M2.1 ships them switched off twice over: the system property
 * {@value #DISABLE_PROPERTY} defaults to {@code true}, and its oneDNN check is broken (see {@link OneDnnGate}).
 *
 * <p>Call {@link #enable()} once at start-up, before networks are built: helpers are attached when a layer is
 * created, never later.
 */
public final class LayerHelpers {

    /** DL4J reads it on every helper creation; "false" lets helpers be created. */
    public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private LayerHelpers() {
    }

    /**
     * Enables oneDNN helpers for all networks built from now on in this JVM.
     *
     * @return the engine status after enabling; {@code helpersActive} is false on binaries without oneDNN
     * @throws dev.convnet.engine.runtime.NativeBinaryException if no ND4J binary in this build can run on this CPU
     */
    public static synchronized EngineStatus enable() {
        // Normally chosen earlier (application start, test launcher); this covers code that builds networks directly.
        NativeBinaries.selectFromSystemSettings();
        System.setProperty(DISABLE_PROPERTY, "false");
        // Helpers on a binary without oneDNN only reroute to libnd4j's generic loops, and were seen to grow
        // off-heap memory without bound; keep those binaries on DL4J's own code path.
        if (binaryHasOneDnn()) {
            OneDnnGate.open();
        }
        return status();
    }

    /** Whether a conv/pooling/batch-norm layer created now gets its oneDNN helper. */
    public static boolean active() {
        return !Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "true")) && OneDnnGate.isOpen();
    }

    /** Names (index:class) of the layers that should carry a oneDNN helper but do not. */
    public static List<String> layersMissingHelper(MultiLayerNetwork network) {
        return layersMissingHelper(network.getLayers());
    }

    public static List<String> layersMissingHelper(ComputationGraph graph) {
        return layersMissingHelper(graph.getLayers());
    }

    /**
     * @throws IllegalStateException naming the layers without helper, when helpers are active but some layer
     *                               missed out (e.g. the network was built before {@link #enable()})
     */
    public static void requireHelpers(MultiLayerNetwork network) {
        if (!active()) {
            return;
        }
        List<String> missing = layersMissingHelper(network);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("oneDNN helpers are active but these layers have none: " + missing
                    + "; was the network built before LayerHelpers.enable()?");
        }
    }

    public static void requireHelpers(ComputationGraph graph) {
        if (!active()) {
            return;
        }
        List<String> missing = layersMissingHelper(graph);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("oneDNN helpers are active but these layers have none: " + missing
                    + "; was the network built before LayerHelpers.enable()?");
        }
    }

    /** Whether DL4J M2.1 attaches a oneDNN helper to this kind of layer (subclasses that opt out excluded). */
    public static boolean expectsHelper(Layer layer) {
        Layer inner = unwrapFrozen(layer);
        Class<?> type = inner.getClass();
        return type == ConvolutionLayer.class
                || type == Convolution1DLayer.class
                || inner instanceof SubsamplingLayer
                || inner instanceof BatchNormalization; // M2.1 gives LocalResponseNormalization helpers on CUDA only
    }

    public static EngineStatus status() {
        Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
        boolean oneDnn = binaryHasOneDnn();
        boolean helpersActive = active();
        Optional<NativeBinarySelection> selection = NativeBinaries.selection();
        String loaded = NativeBinaries.loadedClassifier().orElse("unknown");
        List<String> problems = new ArrayList<>();
        if (selection.isEmpty()) {
            problems.add("ND4J loaded " + loaded + " before the service chose a binary; JavaCPP took the first it found");
        } else {
            problems.addAll(selection.get().warnings());
            if (!selection.get().classifier().equals(loaded)) {
                problems.add("chose " + selection.get().classifier() + " but ND4J loaded " + loaded
                        + "; was JavaCPP used before the choice?");
            }
        }
        if (oneDnn && !helpersActive) {
            problems.add("binary has oneDNN but DL4J layer helpers are off; call LayerHelpers.enable() at start-up");
        }
        return new EngineStatus(
                helpersActive,
                loaded,
                oneDnn,
                environment.getProperty("blas.vendor", "unknown"),
                selection.map(chosen -> chosen.cpu().relevant()).orElse(Set.of()),
                intProperty(environment, "omp.threads"),
                intProperty(environment, "blas.threads"),
                problems);
    }

    private static List<String> layersMissingHelper(Layer[] layers) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            Layer layer = unwrapFrozen(layers[i]);
            if (expectsHelper(layer) && layer.getHelper() == null) {
                missing.add(i + ":" + layer.getClass().getSimpleName());
            }
        }
        return missing;
    }

    private static Layer unwrapFrozen(Layer layer) {
        if (layer instanceof FrozenLayer frozen) {
            return unwrapFrozen(frozen.getInsideLayer());
        }
        if (layer instanceof FrozenLayerWithBackprop frozen) {
            return unwrapFrozen(frozen.getInsideLayer());
        }
        return layer;
    }

    private static boolean binaryHasOneDnn() {
        Nd4j.getExecutioner(); // NativeOpsHolder needs the backend initialised first
        return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
    }

    private static int intProperty(Properties properties, String key) {
        Object value = properties.get(key);
        try {
            return value == null ? -1 : Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
