package dev.convnet.web.openapi;

import dev.convnet.common.SchemaRefs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Documents the client errors that follow from an operation's shape, where its controller does not: 400 when it
 * reads input that can fail to parse or validate, 404 when its path names a resource, and otherwise 406 for an
 * Accept header it cannot satisfy. Under /v2 (the Open Inference Protocol) errors are {"error": "..."}.
 */
class DefaultErrorResponses implements OpenApiCustomizer {

    private static final String OPEN_INFERENCE_PREFIX = "/v2/";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> complete(path, operation)));
    }

    private static void complete(String path, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponses responses = operation.getResponses();
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean namesResource = parameters.stream().anyMatch(parameter -> "path".equals(parameter.getIn()));
        boolean readsInput = operation.getRequestBody() != null
                || parameters.stream().anyMatch(parameter -> !"path".equals(parameter.getIn()) || !isPlainString(parameter));
        boolean openInference = path.startsWith(OPEN_INFERENCE_PREFIX);
        if (readsInput && !responses.containsKey("400")) {
            responses.addApiResponse("400", error(openInference, openInference ? "Invalid request; 'error' says why"
                    : "Invalid parameter or body; the problem's 'field' names it"));
        }
        if (namesResource && !responses.containsKey("404")) {
            responses.addApiResponse("404", error(openInference, "Nothing has the id, name or version in the path"));
        }
        if (responses.keySet().stream().noneMatch(code -> code.startsWith("4"))) {
            responses.addApiResponse("406", new ApiResponse()
                    .description("The Accept header allows none of the media types this operation answers with"));
        }
    }

    /** Any text is a well-formed value of a plain string; a uuid or a number in the path can be malformed. */
    private static boolean isPlainString(Parameter parameter) {
        Schema<?> schema = parameter.getSchema();
        if (schema == null) {
            return true;
        }
        boolean string = "string".equals(schema.getType())
                || (schema.getTypes() != null && schema.getTypes().equals(Set.of("string")));
        return string && schema.getFormat() == null;
    }

    private static ApiResponse error(boolean openInference, String description) {
        String mediaType = openInference ? "application/json" : "application/problem+json";
        String schema = openInference ? SchemaRefs.OIP_ERROR : SchemaRefs.PROBLEM_DETAIL;
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(mediaType, new MediaType().schema(new Schema<>().$ref(schema))));
    }
}
