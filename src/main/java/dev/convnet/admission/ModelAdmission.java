package dev.convnet.admission;

import dev.convnet.common.LimitExceededException;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionLimits;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.LayerSpec;
import dev.convnet.definition.ModelDefinition;
import dev.convnet.engine.MemoryEstimate;
import dev.convnet.engine.runtime.NativeMemory;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The node's limits applied to definitions, training jobs and prediction batches, always before anything is
 * allocated. Memory is the {@link MemoryEstimate} of the definition against the budget
 * ({@code convnet.limits.memory-budget}, by default a fraction of the off-heap cap).
 */
@Component
public class ModelAdmission implements DefinitionLimits {

    private static final Logger log = LoggerFactory.getLogger(ModelAdmission.class);

    /** A definition must be trainable at batch size 1 with any optimizer: Adam keeps the most state, 2 per parameter. */
    private static final int MOST_UPDATER_SLOTS = 2;

    private final LimitsProperties limits;
    private final long memoryBudget;
    private final long loadedModelsMemory;

    ModelAdmission(LimitsProperties limits) {
        this.limits = limits;
        long cap = NativeMemory.offHeapCapBytes();
        this.memoryBudget = limits.memoryBudget() != null ? limits.memoryBudget().toBytes()
                : (long) (limits.memoryFraction() * cap);
        // unset, the loaded models get what a run's share leaves (at least 1 byte: a fraction of 1 leaves nothing)
        this.loadedModelsMemory = limits.loadedModelsMemory() != null ? limits.loadedModelsMemory().toBytes()
                : Math.max(1, (long) ((1 - limits.memoryFraction()) * cap));
        log.info("Admission limits: {} parameters, {} layers, {} input pixels, {} filters, {} units per layer; memory "
                        + "budget {} ({}); loaded models {} ({})", limits.maxParameters(), limits.maxLayers(),
                limits.maxInputPixels(), limits.maxFilters(), limits.maxUnits(), bytes(memoryBudget),
                limits.memoryBudget() != null ? "convnet.limits.memory-budget"
                        : limits.memoryFraction() + " of the off-heap cap " + bytes(cap),
                bytes(loadedModelsMemory), limits.loadedModelsMemory() != null ? "convnet.limits.loaded-models-memory"
                        : "the rest of the off-heap cap");
    }

    /** Native memory the models loaded for prediction may hold together ({@code convnet.limits.loaded-models-memory}). */
    public long loadedModelsMemory() {
        return loadedModelsMemory;
    }

    @Override
    public void checkLayerCount(int count, String pointer) {
        if (count > limits.maxLayers()) {
            throw new LimitExceededException(pointer, count, limits.maxLayers(), "convnet.limits.max-layers",
                    "the definition has " + count + " layers, more than this node's limit of " + limits.maxLayers()
                            + " (convnet.limits.max-layers)");
        }
    }

    @Override
    public void checkSizes(ModelDefinition definition) {
        InputShape input = definition.inputShape();
        long pixels = (long) input.height() * input.width();
        if (pixels > limits.maxInputPixels()) {
            throw new LimitExceededException("/inputShape", pixels, limits.maxInputPixels(), "convnet.limits.max-input-pixels",
                    "inputShape " + input.asList() + " has " + pixels + " pixels (height x width), more than this node's"
                            + " limit of " + limits.maxInputPixels() + " (convnet.limits.max-input-pixels)");
        }
        if (input.channels() > limits.maxFilters()) {
            throw new LimitExceededException("/inputShape", input.channels(), limits.maxFilters(), "convnet.limits.max-filters",
                    "inputShape " + input.asList() + " has " + input.channels() + " channels, more than this node's limit"
                            + " of " + limits.maxFilters() + " (convnet.limits.max-filters)");
        }
        for (int i = 0; i < definition.layers().size(); i++) {
            LayerSpec layer = definition.layers().get(i);
            int filters = layer instanceof LayerSpec.Conv2D conv ? conv.filters()
                    : layer instanceof LayerSpec.SeparableConv2D separable ? separable.filters() : 0;
            if (filters > limits.maxFilters()) {
                throw new LimitExceededException("/layers/" + i + "/filters", filters, limits.maxFilters(),
                        "convnet.limits.max-filters", "layer " + i + " (" + layer.name() + ") has " + filters
                                + " filters, more than this node's limit of " + limits.maxFilters()
                                + " (convnet.limits.max-filters)");
            }
            if (layer instanceof LayerSpec.Dense dense && dense.units() > limits.maxUnits()) {
                throw new LimitExceededException("/layers/" + i + "/units", dense.units(), limits.maxUnits(),
                        "convnet.limits.max-units", "layer " + i + " (" + dense.name() + ") has " + dense.units()
                                + " units, more than this node's limit of " + limits.maxUnits() + " (convnet.limits.max-units)");
            }
        }
    }

    @Override
    public void checkArchitecture(Architecture architecture) {
        long params = architecture.totalParams();
        if (params > limits.maxParameters()) {
            throw new LimitExceededException("/layers", params, limits.maxParameters(), "convnet.limits.max-parameters",
                    "the network has " + params + " parameters, more than this node's limit of " + limits.maxParameters()
                            + " (convnet.limits.max-parameters)");
        }
        checkTrainingMemory(architecture, 1, MOST_UPDATER_SLOTS, "/layers");
    }

    /** A training job's batch: with its optimizer's state, the run must fit in the memory budget. */
    public void checkTraining(Architecture architecture, int batchSize, int updaterSlots) {
        checkTrainingMemory(architecture, batchSize, updaterSlots, "/batchSize");
    }

    /** The most rows one prediction batch of this network may have (at least 1: the definition was admitted). */
    public int maxPredictionRows(Architecture architecture) {
        MemoryEstimate one = MemoryEstimate.inference(architecture, 1);
        long rows = MemoryEstimate.largestBatch(memoryBudget, one.parameterBytes(), one.activationBytes());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, rows));
    }

    /** {@code preferred}, or fewer rows when a batch that large would not fit in the memory budget. */
    public int inferenceBatchSize(Architecture architecture, int preferred) {
        return Math.min(preferred, maxPredictionRows(architecture));
    }

    private void checkTrainingMemory(Architecture architecture, int batchSize, int updaterSlots, String field) {
        MemoryEstimate estimate = MemoryEstimate.training(architecture, batchSize, updaterSlots);
        if (estimate.totalBytes() <= memoryBudget) {
            return;
        }
        MemoryEstimate one = MemoryEstimate.training(architecture, 1, updaterSlots);
        long largest = MemoryEstimate.largestBatch(memoryBudget, one.parameterBytes(), one.activationBytes());
        String advice = largest >= 1 ? "; the largest batch size that fits is " + largest
                : one.parameterBytes() >= memoryBudget ? "; not even its parameters fit: make the network smaller"
                : "; not even one example fits: make the input or the layers smaller";
        throw new LimitExceededException(field, estimate.totalBytes(), memoryBudget, "convnet.limits.memory-budget",
                "training this network with batch size " + batchSize + " needs an estimated "
                        + bytes(estimate.totalBytes()) + " of native memory (" + bytes(estimate.parameterBytes())
                        + " for " + architecture.totalParams() + " parameters with their gradients and " + updaterSlots
                        + " updater value(s) each, " + bytes(estimate.activationBytes()) + " for activations and their"
                        + " gradients), more than this node's memory budget of " + bytes(memoryBudget)
                        + " (convnet.limits.memory-budget)" + advice);
    }

    public static String bytes(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 8 EiB";
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
