package dev.convnet.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultErrorResponsesTest {

    private static Operation documented(String path, Operation operation) {
        operation.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")));
        new DefaultErrorResponses().customise(new OpenAPI().paths(new Paths().addPathItem(path, new PathItem().get(operation))));
        return operation;
    }

    private static Parameter path(String name, Schema<?> schema) {
        return new Parameter().in("path").name(name).schema(schema);
    }

    @Test
    void aMalformableIdInThePathMayBeRefusedOrUnknown() {
        Operation operation = documented("/api/v1/models/{id}", new Operation().addParametersItem(path("id", new UUIDSchema())));
        assertThat(operation.getResponses()).containsOnlyKeys("200", "400", "404");
        assertThat(operation.getResponses().get("404").getContent().get("application/problem+json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/ProblemDetail");
    }

    @Test
    void anyTextIsAWellFormedNameSoANameCanOnlyBeUnknown() {
        Operation operation = documented("/api/v1/presets/{presetId}",
                new Operation().addParametersItem(path("presetId", new StringSchema())));
        assertThat(operation.getResponses()).containsOnlyKeys("200", "404");
    }

    @Test
    void aBodyCanBeInvalid() {
        Operation operation = documented("/api/v1/models", new Operation().requestBody(new RequestBody().content(
                new Content().addMediaType("application/json", new MediaType()))));
        assertThat(operation.getResponses()).containsOnlyKeys("200", "400");
    }

    @Test
    void anOperationWithoutInputCanStillBeAskedForAMediaTypeItDoesNotAnswerWith() {
        Operation operation = documented("/api/v1/presets", new Operation());
        assertThat(operation.getResponses()).containsOnlyKeys("200", "406");
        assertThat(operation.getResponses().get("406").getContent()).isNull();
    }

    @Test
    void openInferenceErrorsAreTheProtocolsOwn() {
        Operation operation = documented("/v2/models/{name}/infer", new Operation()
                .addParametersItem(path("name", new StringSchema()))
                .requestBody(new RequestBody().content(new Content().addMediaType("application/json", new MediaType()))));
        assertThat(operation.getResponses()).containsOnlyKeys("200", "400", "404");
        assertThat(operation.getResponses().get("400").getContent().get("application/json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/OipError");
    }

    @Test
    void errorsTheControllerDocumentsStayAsTheyAre() {
        ApiResponse own = new ApiResponse().description("Wrong number of arrays");
        Operation operation = new Operation().addParametersItem(path("id", new UUIDSchema()))
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse()).addApiResponse("400", own));
        new DefaultErrorResponses().customise(new OpenAPI().paths(new Paths().addPathItem("/api/v1/models/{id}/weights",
                new PathItem().put(operation))));
        assertThat(operation.getResponses().get("400")).isSameAs(own);
        assertThat(operation.getResponses()).containsKey("404");
    }
}
