package dev.convnet.inference;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static dev.convnet.inference.OpenInferenceSchemas.assertConforms;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Open Inference Protocol on the whole service, with the README's vertical-line detector (weights set by hand):
 * every answer validated against the protocol's schemas, the Swagger UI examples executed as "Try it out" sends
 * them, and the OpenAPI document of the /v2 operations.
 */
@TestPropertySource(properties = "convnet.api.max-request-size=256KB")
class OpenInferenceEndToEndTest extends PostgresIntegrationTest {

    private static final String COLUMN_OF_ONES = "[[[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]]],[0.0]]";

    @Test
    void theDetectorServesAsItsMetadataSays() {
        ApiClient api = api();
        JsonNode created = api.post("/api/v1/presets/detector/models", "").json();
        String id = created.get("id").stringValue();
        String name = created.get("name").stringValue();
        String version = Integer.toString(created.get("version").intValue());

        String byVersion = "/v2/models/" + name + "/versions/" + version;
        assertConforms("ready_model_response", error(api.get(byVersion + "/ready"), 400, "never been trained"));
        error(api.get("/v2/models/" + name + "/ready"), 404, "no version with weights");
        assertThat(ok(api.get(byVersion), "metadata_model_response").get("versions").isEmpty()).isTrue();
        assertThat(api.put("/api/v1/models/" + id + "/weights", COLUMN_OF_ONES).status()).isEqualTo(200);

        assertThat(ok(api.get("/v2"), "metadata_server_response").get("version").stringValue()).isNotBlank();
        ok(api.get("/v2/health/live"), "live_server_response");
        ok(api.get("/v2/health/ready"), "ready_server_response");
        assertThat(ok(api.get("/v2/models/" + name + "/versions/" + version + "/ready"), "ready_model_response")
                .get("ready").booleanValue()).isTrue();
        JsonNode metadata = ok(api.get("/v2/models/" + name), "metadata_model_response");
        assertThat(metadata.get("versions").toString()).isEqualTo("[\"" + version + "\"]");
        assertThat(metadata.at("/inputs/0/shape").toString()).isEqualTo("[-1,8,8,1]");
        assertThat(metadata.at("/outputs/0").toString()).isEqualTo("{\"name\":\"output\",\"datatype\":\"FP32\",\"shape\":[-1,1]}");

        JsonNode line = ok(api.post("/v2/models/" + name + "/infer", OpenInferenceController.DETECTOR_EXAMPLE),
                "inference_response");
        assertThat(line.has("id")).isFalse();
        assertThat(line.get("model_version").stringValue()).isEqualTo(version);
        assertThat(line.at("/outputs/0/name").stringValue()).isEqualTo("output");
        assertThat(line.at("/outputs/0/shape").toString()).isEqualTo("[1,1]");
        assertThat(line.at("/outputs/0/data/0").doubleValue()).isEqualTo(3.0);
        JsonNode image = ok(api.post("/v2/models/" + name + "/versions/" + version + "/infer",
                OpenInferenceController.IMAGE_EXAMPLE), "inference_response");
        assertThat(image.get("id").stringValue()).isEqualTo("try-1");
        assertThat(image.at("/outputs/0/shape").toString()).isEqualTo("[1,1]");
    }

    @Test
    void everyErrorUnderV2IsTheProtocolsErrorObject() {
        ApiClient api = api();
        String name = api.post("/api/v1/presets/detector/models", "").json().get("name").stringValue();
        error(api.get("/v2/models/nobody"), 404, "does not exist");
        error(api.get("/v2/no/such/endpoint"), 404, "no Open Inference endpoint");
        error(api.delete("/v2/models/" + name), 405, "DELETE");
        error(api.postBytes("/v2/models/" + name + "/infer", "text/plain", "hello".getBytes()), 415, "text/plain");
        error(api.post("/v2/models/" + name + "/infer", "{\"inputs\": [{"), 400, "not valid JSON");
        error(api.post("/v2/models/" + name + "/infer", "{\"inputs\": [], \"pad\": \"" + "x".repeat(300_000) + "\"}"),
                413, "");
        ApiClient.Response problem = api.get("/api/v1/models/00000000-0000-0000-0000-000000000000");
        assertThat(problem.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theApiDocumentDescribesTheV2Bodies() {
        JsonNode docs = api().get("/v3/api-docs").json();
        JsonNode infer = docs.at("/paths/~1v2~1models~1{name}~1infer/post");
        assertThat(infer.at("/requestBody/content/application~1json/schema/$ref").stringValue()).endsWith("/OipInferenceRequest");
        assertThat(infer.at("/requestBody/content/application~1json/examples").size()).isEqualTo(2);
        assertThat(infer.at("/responses/200/content/application~1json/schema/$ref").stringValue()).endsWith("/OipInferenceResponse");
        assertThat(infer.at("/responses/400/content/application~1json/schema/$ref").stringValue()).endsWith("/OipError");
        assertThat(docs.at("/paths/~1v2/get/responses/200/content/application~1json/schema/$ref").stringValue())
                .endsWith("/OipServerMetadata");
        JsonNode schemas = docs.at("/components/schemas");
        assertThat(schemas.at("/OipRequestInput/properties/data/$ref").stringValue()).endsWith("/OipTensorData");
        assertThat(schemas.at("/OipTensorData/items/anyOf").size()).isEqualTo(4);
        assertThat(schemas.at("/OipInferenceRequest/required").toString()).contains("inputs");
        assertThat(schemas.at("/OipParameters/type").stringValue()).isEqualTo("object");
        assertThat(schemas.at("/OipRequestInput/properties/shape/items/type").stringValue()).isEqualTo("integer");
        assertThat(docs.at("/paths/~1v2~1models~1{name}~1ready/get/responses/200").isMissingNode()).isFalse();
    }

    private static JsonNode ok(ApiClient.Response response, String definition) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json");
        assertConforms(definition, response.json());
        return response.json();
    }

    private static JsonNode error(ApiClient.Response response, int status, String fault) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/json");
        assertConforms("error_response", response.json());
        assertThat(response.json().get("error").stringValue()).contains(fault);
        return response.json();
    }
}
