package dev.convnet.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One reason a definition (or a weight list) was refused. {@code pointer} is an RFC 6901 JSON pointer
 * into the request document; {@code inputShape} is the shape that reached the layer, when it matters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String pointer, Integer layerIndex, String layerType, String field, String detail,
                        List<Integer> inputShape) {

    public static Violation document(String field, String detail) {
        return new Violation("/" + field, null, null, field, detail, null);
    }

    public static Violation layer(int index, String layerType, String field, String detail) {
        return new Violation(pointer(index, field), index, layerType, field, detail, null);
    }

    public static Violation layerShape(int index, String layerType, String field, String detail, TensorShape input) {
        return new Violation(pointer(index, field), index, layerType, field, detail,
                input == null ? null : input.withBatch());
    }

    private static String pointer(int index, String field) {
        return "/layers/" + index + (field == null ? "" : "/" + field);
    }
}
