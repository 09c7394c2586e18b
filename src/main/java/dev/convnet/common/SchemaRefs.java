package dev.convnet.common;

/**
 * References to the API documentation's schemas for JSON values that no Java type describes (tensors as nested
 * lists, weight lists, problem documents). They are defined in {@code openapi/components.json}.
 */
public final class SchemaRefs {

    public static final String NUMBER_ARRAY = "#/components/schemas/NumberArray";
    public static final String TENSOR = "#/components/schemas/Tensor";
    public static final String WINDOW = "#/components/schemas/Window";
    public static final String WEIGHTS_UPLOAD = "#/components/schemas/WeightsUpload";
    public static final String PROBLEM_DETAIL = "#/components/schemas/ProblemDetail";
    public static final String OIP_ERROR = "#/components/schemas/OipError";

    private SchemaRefs() {
    }
}
