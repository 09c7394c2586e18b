package dev.convnet.ratelimit;

import dev.convnet.common.SchemaRefs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.Optional;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** Documents the 429 (with Retry-After) of every rate-limited operation, in the error form of its path. */
class RateLimitResponses implements OpenApiCustomizer {

    static final String RETRY_AFTER = "Retry-After";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                limitOf(path, method).ifPresent(call -> document(path, operation, call))));
    }

    private static Optional<LimitedCall> limitOf(String path, PathItem.HttpMethod method) {
        PathContainer route = PathContainer.parsePath(path);
        return Arrays.stream(LimitedCall.values())
                .filter(call -> call.covers(method.name()))
                .filter(call -> call.pathPatterns().stream()
                        .map(PathPatternParser.defaultInstance::parse).anyMatch((PathPattern p) -> p.matches(route)))
                .findFirst();
    }

    private static void document(String path, Operation operation, LimitedCall call) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponse tooMany = operation.getResponses().get("429");
        if (tooMany == null) {
            boolean openInference = path.startsWith("/v2/");
            tooMany = new ApiResponse()
                    .description("The caller is over its rate of " + call.description() + " (convnet.rate-limits."
                            + call.settingName() + ")" + (openInference ? "; 'error' says which" : "; 'limit' names it"))
                    .content(new Content().addMediaType(openInference ? "application/json" : "application/problem+json",
                            new MediaType().schema(new Schema<>().$ref(openInference ? SchemaRefs.OIP_ERROR
                                    : SchemaRefs.PROBLEM_DETAIL))));
            operation.getResponses().addApiResponse("429", tooMany);
        }
        if (tooMany.getHeaders() == null || !tooMany.getHeaders().containsKey(RETRY_AFTER)) {
            tooMany.addHeaderObject(RETRY_AFTER, new Header()
                    .description("Whole seconds until the caller may try again")
                    .schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE)));
        }
    }
}
