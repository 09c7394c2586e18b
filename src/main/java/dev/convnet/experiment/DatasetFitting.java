package dev.convnet.experiment;

import dev.convnet.dataset.DatasetCatalog;
import dev.convnet.dataset.DatasetInfo;
import dev.convnet.dataset.ImageShape;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lets one experiment file run on several datasets unchanged: a dataset given with the request replaces the base
 * job's, and an inline native definition without {@code inputShape} gets the shape of its job's dataset. A dataset
 * that does not exist is left for the variant's validation to name.
 */
@Component
class DatasetFitting {

    private final DatasetCatalog datasets;

    DatasetFitting(DatasetCatalog datasets) {
        this.datasets = datasets;
    }

    static ExperimentRequest onDataset(ExperimentRequest request, String dataset) {
        if (dataset == null || dataset.isBlank() || request == null || request.base() == null || !request.base().isObject()) {
            return request;
        }
        ObjectNode base = (ObjectNode) request.base().deepCopy();
        base.put("dataset", dataset);
        return new ExperimentRequest(request.name(), base, request.variants(), request.grid(), request.baseline(),
                request.seeds(), request.budget(), request.maxParallelRuns());
    }

    /** The variants, each inline native definition lacking an input shape given its dataset's. */
    List<PlannedVariant> withInputShapes(List<PlannedVariant> variants) {
        return variants.stream().map(this::withInputShape).collect(Collectors.toList());
    }

    private PlannedVariant withInputShape(PlannedVariant variant) {
        JsonNode definition = variant.job().path("model").path("definition");
        if (!definition.isObject() || !definition.has("layers") || definition.has("inputShape")
                || !variant.job().path("dataset").isString()) {
            return variant;
        }
        ImageShape shape;
        try {
            DatasetInfo info = datasets.describe(variant.job().path("dataset").stringValue());
            shape = info.shape();
        } catch (RuntimeException e) { // unknown dataset: the variant's check says so, naming the field
            return variant;
        }
        ObjectNode job = variant.job().deepCopy();
        ((ObjectNode) job.path("model").path("definition")).putArray("inputShape")
                .add(shape.height()).add(shape.width()).add(shape.channels());
        return new PlannedVariant(variant.name(), variant.patch(), job);
    }
}
