package dev.convnet.admission;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one node admits: the size of a model and the memory one training run or one prediction batch may take.
 * Checked when a definition is posted (also as a preset, Keras JSON or an imported file), when a training job is
 * submitted, when a batch is predicted and before a stored model's network is built.
 *
 * @param maxParameters  parameters of one model. 25 million is ResNet-50's size: 100 MB of float32 weights, and
 *                       GET .../weights renders each as JSON on the heap (about 30 bytes a value)
 * @param maxLayers      layers of one definition; Keras's deepest Sequential CNNs have a few dozen
 * @param maxInputPixels height x width of the input; 4096 x 4096 as for uploaded images
 * @param maxFilters     filters of one conv layer, and channels of the input (VGG and ResNet stop at 512 and 2048)
 * @param maxUnits       units of one dense layer (VGG's are 4096)
 * @param memoryBudget   native memory one training run or prediction batch may take, estimated from the definition
 *                       (dev.convnet.engine.MemoryEstimate); unset: {@code memoryFraction} of the node's off-heap cap
 * @param memoryFraction the share of the off-heap cap (JavaCPP's org.bytedeco.javacpp.maxbytes, by default half the
 *                       machine's memory) given to one run when {@code memoryBudget} is unset: the rest is for the
 *                       models being served and what the estimate leaves out
 * @param loadedModelsMemory native memory the models loaded for prediction may hold together (ONNX Runtime sessions
 *                       and DL4J serving networks, each as estimated when it loads); beyond it the least used ones
 *                       are unloaded. Unset: the share of the off-heap cap that {@code memoryFraction} leaves
 */
@ConfigurationProperties("convnet.limits")
public record LimitsProperties(
        @DefaultValue("25000000") long maxParameters,
        @DefaultValue("256") int maxLayers,
        @DefaultValue("16777216") long maxInputPixels,
        @DefaultValue("4096") int maxFilters,
        @DefaultValue("65536") int maxUnits,
        DataSize memoryBudget,
        @DefaultValue("0.5") double memoryFraction,
        DataSize loadedModelsMemory) {

    public LimitsProperties {
        require(maxParameters > 0, "max-parameters", maxParameters);
        require(maxLayers > 0, "max-layers", maxLayers);
        require(maxInputPixels > 0, "max-input-pixels", maxInputPixels);
        require(maxFilters > 0, "max-filters", maxFilters);
        require(maxUnits > 0, "max-units", maxUnits);
        require(memoryBudget == null || memoryBudget.toBytes() > 0, "memory-budget", memoryBudget);
        require(memoryFraction > 0 && memoryFraction <= 1, "memory-fraction", memoryFraction);
        require(loadedModelsMemory == null || loadedModelsMemory.toBytes() > 0, "loaded-models-memory", loadedModelsMemory);
    }

    private static void require(boolean valid, String key, Object value) {
        if (!valid) {
            throw new IllegalArgumentException("convnet.limits." + key + " must be positive"
                    + (key.equals("memory-fraction") ? " and at most 1" : "") + ", was " + value);
        }
    }
}
