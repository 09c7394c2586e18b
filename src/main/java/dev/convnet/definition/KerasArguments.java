package dev.convnet.definition;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Checks of Keras layer arguments that this service supports only at one value. */
final class KerasArguments {

    private KerasArguments() {
    }

    static void requireDefault(int index, String type, JsonNode config, String field, String expected,
                                       List<Violation> violations) {
        JsonNode value = config.path(field);
        if (value.isString() && !value.stringValue().equals(expected)) {
            violations.add(Violation.layer(index, type, field, field + " '" + value.stringValue()
                    + "' is not supported; only '" + expected + "'"));
        }
    }

    /** Whether the node is this number; never throws, whatever the size of the number sent. */
    static boolean isNumber(JsonNode value, int expected) {
        return value.isNumber() && value.numberValue().doubleValue() == expected;
    }

    static void requireUnit(int index, String type, JsonNode config, String field, List<Violation> violations) {
        JsonNode value = config.path(field);
        boolean unit = value.isMissingNode() || value.isNull() || isNumber(value, 1)
                || (value.isArray() && value.size() == 2 && isNumber(value.get(0), 1) && isNumber(value.get(1), 1));
        if (!unit) {
            violations.add(Violation.layer(index, type, field, field + " " + value + " is not supported; only 1"));
        }
    }
}
