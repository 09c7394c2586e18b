package dev.convnet.inference;

import dev.convnet.common.NotFoundException;
import dev.convnet.definition.ModelRepository;
import dev.convnet.inference.OpenInferenceMessages.ModelMetadata;
import dev.convnet.inference.OpenInferenceMessages.TensorMetadata;
import dev.convnet.models.ModelDefinitionService;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Models as the Open Inference Protocol addresses and advertises them. A model has one input, "input" (FP32 NHWC),
 * and one output: "probabilities" for a classifier (softmax last), else "output", the network's raw values.
 */
@Component
class OpenInferenceModels {

    static final String PLATFORM = "deeplearning4j";
    static final String CLASSIFIER_OUTPUT = "probabilities";
    static final String RAW_OUTPUT = "output";

    private final ModelDefinitionService definitions;
    private final ModelRepository repository;
    private final ServableModelDescriber servable;
    private final InferenceManager manager;

    OpenInferenceModels(ModelDefinitionService definitions, ModelRepository repository, ServableModelDescriber servable,
                        InferenceManager manager) {
        this.definitions = definitions;
        this.repository = repository;
        this.servable = servable;
        this.manager = manager;
    }

    /** The named model: the version given, else the one the name serves. */
    ServableModel resolve(String name, String version) {
        Integer number = null;
        if (version != null) {
            try {
                number = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw new NotFoundException("Model", name + " version " + version);
            }
        }
        var entry = number == null ? definitions.getServing(name) : definitions.getByName(name, number);
        return manager.describe(entry.model().id());
    }

    ModelMetadata metadata(ServableModel model) {
        var in = model.inputShape();
        return new ModelMetadata(model.name(), servingVersions(model.name()), PLATFORM,
                List.of(new TensorMetadata(InferInputReader.INPUT_NAME, "FP32",
                        List.of(-1, in.height(), in.width(), in.channels()))),
                List.of(new TensorMetadata(outputName(model), "FP32", outputShape(model, -1))));
    }

    static String outputName(ServableModel model) {
        return model.classifier() ? CLASSIFIER_OUTPUT : RAW_OUTPUT;
    }

    /** The output's shape for a batch of {@code rows} (-1: any). */
    static List<Integer> outputShape(ServableModel model, int rows) {
        List<Integer> shape = new ArrayList<>(List.of(rows));
        shape.addAll(model.outputShape());
        return shape;
    }

    /** The versions of the name that may be requested and answer: those with weights. */
    private List<String> servingVersions(String name) {
        return repository.findByName(name).stream().filter(servable::hasWeights)
                .map(model -> Integer.toString(model.version())).toList();
    }
}
