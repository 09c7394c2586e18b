package dev.convnet.experiment;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Merge Patch (RFC 7386, section 2). Written here because the Java implementations (json-patch, Jakarta JSON-P)
 * work on Jackson 2 or JSON-P trees, not on the Jackson 3 trees the service reads; the algorithm is the RFC's
 * ten lines.
 */
final class MergePatch {

    private MergePatch() {
    }

    /** {@code target} with {@code patch} merged in; neither argument is changed. */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || patch.isMissingNode()) {
            return target == null ? null : target.deepCopy();
        }
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }
}
