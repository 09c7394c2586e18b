package dev.convnet.inference;

import dev.convnet.admission.ModelAdmission;
import dev.convnet.definition.Activation;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.LayerSpec;
import dev.convnet.definition.Lineage;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ModelKind;
import dev.convnet.definition.StoredModel;
import dev.convnet.definition.TensorShape;
import dev.convnet.image.InputSpec;
import dev.convnet.image.InvertMode;
import dev.convnet.image.ResizeMode;
import dev.convnet.store.StoredNetworks;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/** Describes how a stored model serves (a {@link ServableModel}): input preprocessing, class names, and whether it can serve images. */
@Component
class ServableModelDescriber {

    private final StoredNetworks networks;
    private final ModelAdmission admission;

    ServableModelDescriber(StoredNetworks networks, ModelAdmission admission) {
        this.networks = networks;
        this.admission = admission;
    }

    ServableModel describe(ModelEntry entry) {
        StoredModel model = entry.model();
        InputShape input = entry.architecture().definition().inputShape();
        TensorShape output = entry.architecture().outputShape();
        List<Integer> outputShape = Arrays.stream(output.dims()).boxed().toList();
        boolean classifier = !output.isSpatial() && output.dims().length == 1 && endsInSoftmax(entry);
        int classes = classifier ? output.dims()[0] : 0;
        Lineage lineage = model.lineage();
        List<String> classNames = lineage != null && lineage.classNames() != null && lineage.classNames().size() == classes
                ? lineage.classNames() : IntStream.range(0, classes).mapToObj(Integer::toString).toList();

        boolean imageChannels = input.channels() == 1 || input.channels() == 3;
        String reason = null;
        if (!imageChannels) {
            reason = "Model '" + model.name() + "' takes " + input.channels() + " input channels; images have 1 (grey)"
                    + " or 3 (RGB)";
        } else if (!classifier) {
            reason = "Model '" + model.name() + "' version " + model.version() + " outputs shape " + outputShape
                    + ", not a vector of class probabilities (its last layer must be softmax), so it cannot classify"
                    + " images; use POST /api/v1/models/" + model.id() + "/predict for raw outputs";
        }
        String untrained = hasWeights(model) ? null : "Model '" + model.name() + "' version " + model.version()
                + " has never been trained and has no weights set: train it (POST /api/v1/training-jobs) or set its"
                + " weights (PUT /api/v1/models/" + model.id() + "/weights) first";
        return new ServableModel(model.id(), model.name(), model.version(), input, outputShape, classifier,
                reason == null ? untrained : reason, classNames, imageChannels ? inputSpec(input) : null,
                admission.maxPredictionRows(entry.architecture()), untrained);
    }

    /** Whether the model has weights that mean something: trained, or set by hand; a bare definition has none. */
    boolean hasWeights(StoredModel model) {
        return model.kind() != ModelKind.DEFINITION || networks.weightsUpdatedAt(model.id()).isPresent();
    }

    /**
     * Grey models are digit-style (MNIST: light strokes on black): scans are padded with their own background
     * and inverted when they are dark on light. Colour models are photo-style: centre crop, never inverted.
     * The lineage names the training dataset but not how it was resized (an uploaded dataset records its own
     * {@code resize}, {@code stretch}), so these defaults hold for every model; {@code resize=stretch&invert=never}
     * gives a picture exactly the numbers it would have had in an uploaded dataset.
     */
    private static InputSpec inputSpec(InputShape input) {
        // Training always divides raw bytes by 255 (lineage normalization "divide-by-255"); definitions that
        // were never trained here are assumed to expect the same.
        double scale = 1.0 / 255;
        boolean grey = input.channels() == 1;
        return new InputSpec(input.height(), input.width(), input.channels(),
                grey ? ResizeMode.PAD : ResizeMode.CENTER_CROP, grey ? InvertMode.AUTO : InvertMode.NEVER, scale);
    }

    private static boolean endsInSoftmax(ModelEntry entry) {
        var layers = entry.architecture().layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            LayerSpec layer = layers.get(i).layer();
            if (layer instanceof LayerSpec.Dense dense) {
                return dense.activation() == Activation.SOFTMAX;
            }
            if (layer instanceof LayerSpec.ActivationLayer activation) {
                return activation.activation() == Activation.SOFTMAX;
            }
            if (!(layer instanceof LayerSpec.Dropout)) {
                return false;
            }
        }
        return false;
    }
}
