package dev.convnet.e2e;

import dev.convnet.common.Sha256;
import dev.convnet.support.ApiClient;
import dev.convnet.support.KerasHdf5Files;
import dev.convnet.support.PostgresIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions on PostgreSQL: numbers are never reused and never shared by concurrent creates; imported models with
 * weights are TRAINED with their file's lineage; serving by name skips untrained versions; aliases protect their
 * target from deletion.
 */
class ModelVersionsEndToEndTest extends PostgresIntegrationTest {

    private static final String MODELS = "/api/v1/models";

    private static String definition(String name) {
        return """
                {"name": "%s", "inputShape": [4, 4, 1], "layers": [{"type": "flatten"},
                  {"type": "dense", "units": 2, "activation": "softmax"}]}""".formatted(name);
    }

    private JsonNode create(String name) {
        ApiClient.Response created = api().post(MODELS, definition(name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    @Test
    void aDeletedVersionsNumberIsNeverGivenAgain() {
        assertThat(create("detector-a").get("version").intValue()).isEqualTo(1);
        JsonNode second = create("detector-a");
        assertThat(second.get("version").intValue()).isEqualTo(2);
        assertThat(api().delete(MODELS + "/" + second.get("id").stringValue()).status()).isEqualTo(204);
        assertThat(create("detector-a").get("version").intValue()).isEqualTo(3);

        JsonNode only = create("detector-b");
        assertThat(api().delete(MODELS + "/" + only.get("id").stringValue()).status()).isEqualTo(204);
        assertThat(create("detector-b").get("version").intValue()).as("a name with every version deleted").isEqualTo(2);
    }

    @Test
    void concurrentCreatesOfOneNameGetDistinctVersions() throws Exception {
        int creates = 12;
        ExecutorService pool = Executors.newFixedThreadPool(creates);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<ApiClient.Response>> results = new ArrayList<>();
            for (int i = 0; i < creates; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return api().post(MODELS, definition("racer"));
                }));
            }
            start.countDown();
            List<Integer> versions = new ArrayList<>();
            for (Future<ApiClient.Response> result : results) {
                ApiClient.Response response = result.get();
                assertThat(response.status()).as(response.body()).isEqualTo(201);
                versions.add(response.json().get("version").intValue());
            }
            assertThat(versions).doesNotHaveDuplicates().hasSize(creates)
                    .allSatisfy(version -> assertThat(version).isBetween(1, creates));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void importedModelsWithWeightsAreTrainedWithTheirFilesLineage() {
        byte[] h5 = KerasHdf5Files.convFlattenDenseFile(KerasHdf5Files.convFlattenDenseWeights(5));
        ApiClient.Response keras = api().postMultipart(MODELS + "/import", "file", "small.h5", h5, Map.of());
        assertThat(keras.status()).as(keras.body()).isEqualTo(201);
        String kerasId = keras.json().get("id").stringValue();
        JsonNode stored = api().get(MODELS + "/" + kerasId).json();
        assertThat(stored.get("kind").stringValue()).isEqualTo("TRAINED");
        assertThat(stored.at("/lineage/source").stringValue()).isEqualTo("import");
        assertThat(stored.at("/lineage/format").stringValue()).isEqualTo("keras-h5");
        assertThat(stored.at("/lineage/sha256").stringValue()).isEqualTo(Sha256.hex(h5));

        byte[] zip = api().getBytes(MODELS + "/" + kerasId + "/download").body();
        ApiClient.Response dl4j = api().postMultipart(MODELS + "/import", "file", "copy.zip", zip, Map.of("name", "copy"));
        assertThat(dl4j.status()).as(dl4j.body()).isEqualTo(201);
        assertThat(dl4j.json().get("kind").stringValue()).isEqualTo("TRAINED");
        assertThat(dl4j.json().at("/lineage/format").stringValue()).isEqualTo("dl4j-zip");
        assertThat(dl4j.json().at("/lineage/sha256").stringValue()).isEqualTo(Sha256.hex(zip));
        JsonNode listed = api().get(MODELS).json().valueStream()
                .filter(m -> m.get("id").stringValue().equals(kerasId)).findFirst().orElseThrow();
        assertThat(listed.get("kind").stringValue()).isEqualTo("TRAINED");
    }

    @Test
    void servingByNameSkipsUntrainedVersionsAndIs404WithoutAny() {
        ApiClient.Response unknown = api().post("/v2/models/blank/infer", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").stringValue()).isEqualTo("Model 'blank' does not exist");
        create("blank");
        ApiClient.Response untrainedOnly = api().post("/v2/models/blank/infer", "{}");
        assertThat(untrainedOnly.status()).isEqualTo(404);
        assertThat(untrainedOnly.json().get("error").stringValue()).contains("has no version with weights");
        ApiClient.Response rest = api().postBytes("/api/v1/models/by-name/blank/predictions", "image/png", new byte[] {1});
        assertThat(rest.status()).isEqualTo(404);
        assertThat(rest.contentType()).startsWith("application/problem+json");
        assertThat(rest.json().get("detail").stringValue()).contains("has no version with weights");
        assertThat(api().get("/v2/models/blank/ready").status()).isEqualTo(404);

        String weighted = create("blank").get("id").stringValue();
        assertThat(api().put(MODELS + "/" + weighted + "/weights", "[[[0.1, 0.2]," + "[0.1, 0.2],".repeat(14)
                + "[0.1, 0.2]], [0, 0]]").status()).isEqualTo(200);
        create("blank"); // version 3, untrained: newest, but not serving
        JsonNode metadata = api().get("/v2/models/blank").json();
        assertThat(metadata.get("versions")).extracting(JsonNode::stringValue).containsExactly("2");
    }

    @Test
    void aVersionAnAliasPointsAtCannotBeDeletedUntilTheAliasGoes() {
        String id = api().postMultipart(MODELS + "/import", "file", "aliased.h5",
                KerasHdf5Files.convFlattenDenseFile(KerasHdf5Files.convFlattenDenseWeights(9)), Map.of("name", "aliased"))
                .json().get("id").stringValue();
        ApiClient.Response pointed = api().put(MODELS + "/by-name/aliased/aliases/champion", "{\"version\": 1}");
        assertThat(pointed.status()).as(pointed.body()).isEqualTo(200);
        assertThat(api().get(MODELS + "/" + id).json().get("aliases")).extracting(JsonNode::stringValue)
                .containsExactly("champion");
        assertThat(api().get(MODELS + "/by-name/aliased/aliases").json().at("/aliases/champion").intValue()).isEqualTo(1);

        ApiClient.Response refused = api().delete(MODELS + "/" + id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("aliases")).extracting(JsonNode::stringValue).containsExactly("champion");
        assertThat(refused.json().get("detail").stringValue()).contains("champion");
        assertThat(api().get(MODELS + "/" + id).status()).isEqualTo(200);

        assertThat(api().delete(MODELS + "/by-name/aliased/aliases/champion").status()).isEqualTo(204);
        assertThat(api().delete(MODELS + "/by-name/aliased/aliases/champion").status()).isEqualTo(404);
        assertThat(api().delete(MODELS + "/" + id).status()).isEqualTo(204);
    }

    @Test
    void aliasEndpointsAreDocumentedWithTheirErrorsAndAnExample() {
        JsonNode aliases = api().get("/v3/api-docs").json().at("/paths/~1api~1v1~1models~1by-name~1{name}~1aliases~1{alias}");
        JsonNode put = aliases.get("put");
        for (String status : List.of("200", "400", "404", "409")) {
            assertThat(put.at("/responses").has(status)).as("PUT documents " + status).isTrue();
        }
        assertThat(put.at("/responses/409/content").has("application/problem+json")).isTrue();
        assertThat(put.at("/requestBody/content/application~1json/examples/Version 3/value/version").intValue()).isEqualTo(3);
        assertThat(aliases.at("/delete/responses").has("204")).isTrue();
    }
}
