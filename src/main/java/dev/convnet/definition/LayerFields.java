package dev.convnet.definition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one layer object, recording a {@link Violation} for each bad value instead of
 * stopping at the first, and remembering which fields were read so that typos can be reported.
 */
final class LayerFields {

    private final int index;
    private final String type;
    private final JsonNode node;
    private final List<Violation> violations;
    private final Set<String> read = new HashSet<>(Set.of("type", "name", "inputs"));

    LayerFields(int index, String type, JsonNode node, List<Violation> violations) {
        this.index = index;
        this.type = type;
        this.node = node;
        this.violations = violations;
    }

    int requiredPositiveInt(String field) {
        read.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            fail(field, "is required for " + type);
            return 1;
        }
        return positiveInt(field, value);
    }

    int positiveInt(String field, int defaultValue) {
        read.add(field);
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? defaultValue : positiveInt(field, value);
    }

    /** Keras lets sizes be one number or a pair [height, width]. */
    int[] pair(String field, int[] defaultValue) {
        read.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (defaultValue == null) {
                fail(field, "is required for " + type + " (a positive integer or [height, width])");
                return new int[] {1, 1};
            }
            return defaultValue;
        }
        if (value.isArray()) {
            if (value.size() != 2) {
                fail(field, "must be a positive integer or a pair [height, width], got " + value);
                return new int[] {1, 1};
            }
            return new int[] {positiveInt(field, value.get(0)), positiveInt(field, value.get(1))};
        }
        int single = positiveInt(field, value);
        return new int[] {single, single};
    }

    <E> E option(String field, E defaultValue, Function<String, Optional<E>> parser, String allowed) {
        read.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (defaultValue == null) {
                fail(field, "is required for " + type + "; one of: " + allowed);
            }
            return defaultValue;
        }
        if (!value.isString()) {
            fail(field, "must be a string, one of: " + allowed);
            return defaultValue;
        }
        Optional<E> parsed = parser.apply(value.stringValue());
        if (parsed.isEmpty()) {
            fail(field, "unknown value '" + value.stringValue() + "'; one of: " + allowed);
            return defaultValue;
        }
        return parsed.get();
    }

    boolean bool(String field, boolean defaultValue) {
        read.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            fail(field, "must be true or false, got " + value);
            return defaultValue;
        }
        return value.booleanValue();
    }

    /** A number in [min, max) or [min, max] depending on {@code maxInclusive}. */
    double number(String field, Double defaultValue, double min, double max, boolean maxInclusive) {
        read.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (defaultValue == null) {
                fail(field, "is required for " + type);
                return min;
            }
            return defaultValue;
        }
        if (!value.isNumber()) {
            fail(field, "must be a number, got " + value);
            return defaultValue == null ? min : defaultValue;
        }
        double number = value.numberValue().doubleValue(); // beyond double's range: an infinity, refused below
        boolean aboveMax = maxInclusive ? number > max : number >= max;
        if (number < min || aboveMax || Double.isNaN(number)) {
            fail(field, "must be in [" + min + ", " + max + (maxInclusive ? "]" : ")") + ", got " + number);
            return defaultValue == null ? min : defaultValue;
        }
        return number;
    }

    /**
     * {@code kernelRegularizer}: the L2 coefficient as a number, {@code {"l2": 0.0005}}, or Keras's serialized
     * regularizer ({@code {"class_name": "L2", "config": {"l2": 0.0005}}}, or L1L2 with l1 = 0). 0 when absent.
     */
    double kernelL2() {
        String field = "kernelRegularizer";
        read.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        JsonNode coefficient = value;
        if (value.isObject()) {
            String kind = value.path("class_name").asString("L2");
            JsonNode config = value.has("config") ? value.get("config") : value;
            if (!kind.equals("L2") && !kind.equals("L1L2")) {
                fail(field, "only L2 regularization is supported, got " + kind);
                return 0;
            }
            if (config.path("l1").isNumber() && config.path("l1").numberValue().doubleValue() != 0) {
                fail(field, "only L2 regularization is supported; l1 must be 0, got " + config.get("l1"));
                return 0;
            }
            coefficient = config.path("l2");
        }
        if (!coefficient.isNumber() || !(coefficient.numberValue().doubleValue() >= 0)
                || coefficient.numberValue().doubleValue() > 1) {
            fail(field, "must be an L2 coefficient in [0, 1] (a number, {\"l2\": x} or Keras's"
                    + " {\"class_name\": \"L2\", \"config\": {\"l2\": x}}), got " + value);
            return 0;
        }
        return coefficient.numberValue().doubleValue();
    }

    /** Every field the layer type does not know is a violation: a typo must not silently become a default. */
    void rejectUnknownFields() {
        for (String field : node.propertyNames()) {
            if (!read.contains(field)) {
                fail(field, "is not a field of " + type + "; known fields: " + String.join(", ", knownFields()));
            }
        }
    }

    void fail(String field, String detail) {
        violations.add(Violation.layer(index, type, field, field + " " + detail));
    }

    private List<String> knownFields() {
        List<String> known = new ArrayList<>(read);
        known.sort(null);
        return known;
    }

    private int positiveInt(String field, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            fail(field, "must be a positive integer, got " + value);
            return 1;
        }
        if (value.intValue() <= 0) {
            fail(field, "must be a positive integer, got " + value.intValue());
            return 1;
        }
        return value.intValue();
    }
}
