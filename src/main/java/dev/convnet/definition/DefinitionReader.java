package dev.convnet.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads this API's own definition document into a {@link ModelDefinition}, applying Keras's defaults
 * and naming layers as Keras does (conv2d, conv2d_1, ...). Shapes are checked later, by {@link ShapeInference}.
 */
public final class DefinitionReader {

    static final Set<String> DOCUMENT_FIELDS = Set.of("name", "inputShape", "layers", "loss");

    public ModelDefinition read(JsonNode document) {
        List<Violation> violations = new ArrayList<>();
        if (document == null || !document.isObject()) {
            throw new InvalidDefinitionException(Violation.document("", "the definition must be a JSON object"));
        }
        for (String field : document.propertyNames()) {
            if (!DOCUMENT_FIELDS.contains(field)) {
                violations.add(Violation.document(field, field + " is not a definition field; known fields: "
                        + String.join(", ", DOCUMENT_FIELDS.stream().sorted().toList())));
            }
        }
        String name = readName(document, violations);
        InputShape inputShape = readInputShape(document.get("inputShape"), violations);
        List<List<String>> inputs = new ArrayList<>();
        List<LayerSpec> layers = readLayers(document.get("layers"), inputs, violations);
        Loss loss = readLoss(document.get("loss"), violations);
        if (!violations.isEmpty()) {
            throw new InvalidDefinitionException(violations);
        }
        return new ModelDefinition(name, inputShape, layers,
                loss != null ? loss : Loss.defaultFor(ModelDefinition.outputActivation(layers)), inputs);
    }

    private static String readName(JsonNode document, List<Violation> violations) {
        JsonNode name = document.get("name");
        if (name == null || name.isNull()) {
            return "sequential";
        }
        if (!name.isString()) {
            violations.add(Violation.document("name", "name must be a non-blank string of at most "
                    + ModelNames.MAX_LENGTH + " characters"));
            return "sequential";
        }
        var problem = ModelNames.problem(name.stringValue());
        if (problem.isPresent()) {
            violations.add(Violation.document("name", problem.get()));
            return "sequential";
        }
        return name.stringValue().strip();
    }

    private static InputShape readInputShape(JsonNode shape, List<Violation> violations) {
        String expected = "inputShape must be [height, width, channels] of positive integers (channels last, as in Keras)";
        if (shape == null || !shape.isArray() || shape.size() != 3) {
            violations.add(Violation.document("inputShape", expected + ", got " + shape));
            return new InputShape(1, 1, 1);
        }
        int[] dims = new int[3];
        for (int i = 0; i < 3; i++) {
            JsonNode dim = shape.get(i);
            if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.intValue() <= 0 || dim.intValue() > 65_536) {
                violations.add(Violation.document("inputShape", expected + ", got " + shape));
                return new InputShape(1, 1, 1);
            }
            dims[i] = dim.intValue();
        }
        return new InputShape(dims[0], dims[1], dims[2]);
    }

    private static Loss readLoss(JsonNode loss, List<Violation> violations) {
        if (loss == null || loss.isNull()) {
            return null;
        }
        if (loss.isString()) {
            var parsed = Loss.parse(loss.stringValue());
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        violations.add(Violation.document("loss", "loss " + loss + " is unknown; one of: " + Loss.allowedValues()));
        return null;
    }

    private static List<LayerSpec> readLayers(JsonNode layers, List<List<String>> inputs, List<Violation> violations) {
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            violations.add(Violation.document("layers", "layers must be a non-empty array of layer objects"));
            return List.of();
        }
        List<LayerSpec> result = new ArrayList<>();
        Map<String, Integer> autoNameCounters = new HashMap<>();
        Set<String> usedNames = new HashSet<>();
        boolean graph = false;
        for (JsonNode layer : layers) {
            graph |= layer.has("inputs");
        }
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = readLayer(i, layers.get(i), autoNameCounters, violations);
            if (layer == null) {
                continue;
            }
            inputs.add(readInputs(i, layers.get(i), layer, result, violations));
            if (graph && layer.name().equals(ModelDefinition.MODEL_INPUT)) {
                violations.add(Violation.layer(i, layer.type(), "name", "name '" + ModelDefinition.MODEL_INPUT
                        + "' stands for the network's input in 'inputs'; choose another layer name"));
            }
            if (!usedNames.add(layer.name())) {
                violations.add(Violation.layer(i, layer.type(), "name",
                        "name '" + layer.name() + "' is used by an earlier layer; layer names must be unique"));
            }
            result.add(layer);
        }
        return result;
    }

    /**
     * The names a layer reads: its {@code inputs} (a graph, Keras functional style), else the layer before it.
     * Whether the names exist and the shapes fit is checked by {@link ShapeInference}.
     */
    private static List<String> readInputs(int index, JsonNode node, LayerSpec layer, List<LayerSpec> before,
                                           List<Violation> violations) {
        JsonNode inputs = node.get("inputs");
        if (inputs == null || inputs.isNull()) {
            return List.of(before.isEmpty() ? ModelDefinition.MODEL_INPUT : before.get(before.size() - 1).name());
        }
        List<String> names = new ArrayList<>();
        if (inputs.isString()) {
            names.add(inputs.stringValue());
        } else if (inputs.isArray()) {
            inputs.forEach(name -> names.add(name.isString() ? name.stringValue() : null));
        }
        if (names.isEmpty() || names.contains(null)) {
            violations.add(Violation.layer(index, layer.type(), "inputs", "inputs must be a layer name or an array of"
                    + " layer names ('" + ModelDefinition.MODEL_INPUT + "' for the network's input), got " + inputs));
            return List.of(ModelDefinition.MODEL_INPUT);
        }
        return names;
    }

    private static LayerSpec readLayer(int index, JsonNode node, Map<String, Integer> counters, List<Violation> violations) {
        if (node == null || !node.isObject()) {
            violations.add(Violation.layer(index, null, null, "each layer must be a JSON object with a 'type'"));
            return null;
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isString()) {
            violations.add(Violation.layer(index, null, "type", "type is required; one of: " + LayerType.allowedValues()));
            return null;
        }
        var type = LayerType.parse(typeNode.stringValue());
        if (type.isEmpty()) {
            violations.add(Violation.layer(index, typeNode.stringValue(), "type",
                    "unknown layer type '" + typeNode.stringValue() + "'; one of: " + LayerType.allowedValues()));
            return null;
        }
        LayerFields fields = new LayerFields(index, type.get().apiName(), node, violations);
        String name = readLayerName(index, node, type.get(), counters, fields);
        LayerSpec layer = type.get().read(name, fields);
        fields.rejectUnknownFields();
        return layer;
    }

    private static String readLayerName(int index, JsonNode node, LayerType type, Map<String, Integer> counters,
                                        LayerFields fields) {
        JsonNode name = node.get("name");
        if (name == null || name.isNull()) {
            return automaticName(type, counters);
        }
        if (!name.isString() || !name.stringValue().matches("[A-Za-z0-9_.\\-/]{1,100}")) {
            fields.fail("name", "must be 1-100 characters of letters, digits, '_', '.', '-' or '/'");
            return "<invalid name " + index + ">"; // the definition is refused; must not collide with a valid name
        }
        return name.stringValue();
    }

    /** Like Keras, only layers created without a name draw from the per-type counter. */
    private static String automaticName(LayerType type, Map<String, Integer> counters) {
        int seen = counters.merge(type.kerasBaseName(), 1, Integer::sum) - 1;
        return seen == 0 ? type.kerasBaseName() : type.kerasBaseName() + "_" + seen;
    }
}
