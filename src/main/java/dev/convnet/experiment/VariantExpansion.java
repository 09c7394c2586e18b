package dev.convnet.experiment;

import dev.convnet.common.BadRequestException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Turns an experiment's variants or grid into whole training jobs: merge patches applied, grids multiplied out. */
final class VariantExpansion {

    static final int MAX_NAME_LENGTH = 200;

    private VariantExpansion() {
    }

    static List<PlannedVariant> expand(ExperimentRequest request, int maxVariants) {
        if (request.base() == null || !request.base().isObject()) {
            throw new BadRequestException("/base", "base is required: a training job object, as POST /api/v1/training-jobs takes it");
        }
        boolean hasVariants = request.variants() != null && !request.variants().isEmpty();
        boolean hasGrid = request.grid() != null && !request.grid().isEmpty();
        if (hasVariants == hasGrid) {
            throw new BadRequestException("/variants", "give exactly one of variants (named merge patches) or grid (field -> values)");
        }
        List<PlannedVariant> variants = hasVariants ? patched(request) : grid(request.base(), request.grid(), maxVariants);
        if (variants.size() > maxVariants) {
            throw new BadRequestException(hasVariants ? "/variants" : "/grid", "an experiment has at most " + maxVariants
                    + " variants (convnet.experiments.max-variants), this one has " + variants.size());
        }
        return variants;
    }

    private static List<PlannedVariant> patched(ExperimentRequest request) {
        List<PlannedVariant> variants = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < request.variants().size(); i++) {
            ExperimentRequest.Variant variant = request.variants().get(i);
            String field = "/variants/" + i;
            if (variant == null || variant.name() == null || variant.name().isBlank()) {
                throw new BadRequestException(field + "/name", "every variant needs a name");
            }
            if (variant.name().length() > MAX_NAME_LENGTH) {
                throw new BadRequestException(field + "/name", "a variant's name has at most " + MAX_NAME_LENGTH + " characters");
            }
            if (!names.add(variant.name())) {
                throw new BadRequestException(field + "/name", "variant name '" + variant.name() + "' is used twice");
            }
            JsonNode patch = variant.patch() == null || variant.patch().isNull()
                    ? JsonNodeFactory.instance.objectNode() : variant.patch();
            if (!patch.isObject()) {
                throw new BadRequestException(field + "/patch", "variant '" + variant.name()
                        + "': a patch is a JSON object merged into the base job (RFC 7386)");
            }
            variants.add(new PlannedVariant(variant.name(), patch, (ObjectNode) MergePatch.apply(request.base(), patch)));
        }
        return variants;
    }

    /** Every combination of the grid's values, the first field varying slowest; named like "learningRate=0.01". */
    private static List<PlannedVariant> grid(JsonNode base, List<ExperimentRequest.GridAxis> grid, int maxVariants) {
        List<String[]> paths = new ArrayList<>();
        List<List<JsonNode>> values = new ArrayList<>();
        long combinations = 1;
        for (int i = 0; i < grid.size(); i++) {
            ExperimentRequest.GridAxis axis = grid.get(i);
            if (axis == null) {
                throw new BadRequestException("/grid/" + i, "a grid entry is {\"field\": ..., \"values\": [...]}");
            }
            String[] path = path(axis.field(), "/grid/" + i + "/field");
            if (axis.values() == null || axis.values().isEmpty()) {
                throw new BadRequestException("/grid/" + i + "/values", "grid field '" + axis.field() + "' needs at least one value");
            }
            paths.add(path);
            values.add(axis.values());
            combinations *= axis.values().size();
            if (combinations > maxVariants) {
                throw new BadRequestException("/grid", "the grid has more than " + maxVariants
                        + " combinations (convnet.experiments.max-variants)");
            }
        }
        List<PlannedVariant> variants = new ArrayList<>();
        int[] index = new int[paths.size()];
        for (long n = 0; n < combinations; n++) {
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            List<String> name = new ArrayList<>();
            for (int axis = 0; axis < paths.size(); axis++) {
                JsonNode value = values.get(axis).get(index[axis]);
                set(patch, paths.get(axis), value);
                String[] path = paths.get(axis);
                name.add(path[path.length - 1] + "=" + (value.isString() ? value.stringValue() : value.toString()));
            }
            variants.add(new PlannedVariant(String.join(", ", name), patch, (ObjectNode) MergePatch.apply(base, patch)));
            for (int axis = paths.size() - 1; axis >= 0; axis--) { // odometer: the last field turns fastest
                if (++index[axis] < values.get(axis).size()) {
                    break;
                }
                index[axis] = 0;
            }
        }
        return variants;
    }

    /** "/optimizer/learningRate" (a JSON pointer) or "optimizer.learningRate" as its member names. */
    static String[] path(String key, String field) {
        String trimmed = key == null ? "" : key.strip();
        String[] segments = trimmed.startsWith("/") ? trimmed.substring(1).split("/", -1) : trimmed.split("\\.", -1);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = segments[i].replace("~1", "/").replace("~0", "~");
            if (segments[i].isEmpty()) {
                throw new BadRequestException(field, "'" + key + "' is not a field: write a JSON pointer like "
                        + "/optimizer/learningRate or a path like optimizer.learningRate");
            }
        }
        return segments;
    }

    private static void set(ObjectNode patch, String[] path, JsonNode value) {
        ObjectNode node = patch;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(path[i]);
        }
        node.set(path[path.length - 1], value.deepCopy());
    }
}
