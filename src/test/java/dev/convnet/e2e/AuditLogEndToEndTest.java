package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The audit log over HTTP on PostgreSQL: a model's life, an alias, a dataset upload and a cancelled training job are
 * recorded, refusals included, newest first; predictions and reads are not. Filters, paging and a refused filter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogEndToEndTest extends PostgresIntegrationTest {

    private static final String EVENTS = "/api/v1/audit-events";
    private static final String MODELS = "/api/v1/models";
    private static final String DEFINITION = """
            {"name": "audited", "inputShape": [4, 4, 1], "layers": [{"type": "flatten"},
              {"type": "dense", "units": 2, "activation": "softmax"}]}""";
    private static final String WEIGHTS = "[[[0.1, 0.2]," + "[0.1, 0.2],".repeat(14) + "[0.1, 0.2]], [0, 0]]";
    private static final String INPUT = "{\"inputs\": [[" + "[[0], [1], [0], [0]],".repeat(3) + "[[0], [1], [0], [0]]]]}";
    private static final String JOB = """
            {"model": {"definition": {"name": "audited_cnn", "inputShape": [8, 8, 1], "layers": [
              {"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "relu"},
              {"type": "maxPooling2d"}, {"type": "flatten"}, {"type": "dense", "units": 2, "activation": "softmax"}]}},
             "dataset": "audited-leftright", "epochs": 500, "batchSize": 8,
             "optimizer": {"type": "sgd", "learningRate": 0.05}, "seed": 3}""";

    /** A call the scenario made that the log must show. */
    private record Expected(String method, String path, int status, String target) {
    }

    private final List<Expected> expected = new ArrayList<>();
    private Instant start;
    private String modelId;
    private String jobId;

    private ApiClient.Response audited(String method, String path, ApiClient.Response response, String target) {
        expected.add(new Expected(method, path, response.status(), target));
        return response;
    }

    @BeforeAll
    void makeMutatingAndReadingCalls() {
        start = Instant.now();
        ApiClient.Response created = audited("POST", MODELS, api().post(MODELS, DEFINITION), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        modelId = created.json().get("id").stringValue();
        expected.set(0, new Expected("POST", MODELS, 201, modelId));
        String model = MODELS + "/" + modelId;

        assertThat(audited("PUT", model + "/weights", api().put(model + "/weights", WEIGHTS), modelId).status()).isEqualTo(200);
        String alias = MODELS + "/by-name/audited/aliases/production";
        assertThat(audited("PUT", alias, api().put(alias, "{\"version\": 1}"), "audited/production").status()).isEqualTo(200);
        ApiClient.Response prediction = api().post(model + "/predict", INPUT);
        assertThat(prediction.status()).as(prediction.body()).isEqualTo(200);
        assertThat(api().post("/v2/models/audited/infer", "{}").status()).as("refused, and still no audit event")
                .isEqualTo(400);
        assertThat(api().get(model).status()).isEqualTo(200);
        assertThat(audited("DELETE", model, api().delete(model), modelId).status()).as("the alias protects it").isEqualTo(409);
        assertThat(audited("DELETE", alias, api().delete(alias), "audited/production").status()).isEqualTo(204);
        assertThat(audited("DELETE", model, api().delete(model), modelId).status()).isEqualTo(204);

        ApiClient.Response uploaded = audited("POST", "/api/v1/datasets", api().postMultipart("/api/v1/datasets", "file",
                "leftright.zip", TestDatasets.leftRightZip(32, 8, 1), Map.of("name", "audited-leftright")),
                "audited-leftright");
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        ApiClient.Response submitted = api().post("/api/v1/training-jobs", JOB);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        jobId = submitted.json().get("id").stringValue();
        audited("POST", "/api/v1/training-jobs", submitted, jobId);
        String cancel = "/api/v1/training-jobs/" + jobId + "/cancel";
        assertThat(audited("POST", cancel, api().post(cancel, ""), jobId).status()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(api().get("/api/v1/training-jobs/" + jobId)
                .json().get("state").stringValue()).isEqualTo("CANCELLED"));
    }

    private List<Expected> newestFirst() {
        List<Expected> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    private JsonNode events(String query) {
        ApiClient.Response response = api().get(EVENTS + "?since=" + start + (query.isEmpty() ? "" : "&" + query));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Expected> asExpected(JsonNode events) {
        return events.valueStream().map(event -> new Expected(event.get("method").stringValue(),
                event.get("path").stringValue(), event.get("status").intValue(),
                event.get("target").isNull() ? null : event.get("target").stringValue())).toList();
    }

    @Test
    void exactlyTheMutatingCallsAppearNewestFirst() {
        JsonNode events = events("").get("events");
        assertThat(asExpected(events)).containsExactlyElementsOf(newestFirst());
        assertThat(events.valueStream().map(event -> Instant.parse(event.get("time").stringValue())).toList())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        String who = events.get(0).get("who").stringValue();
        assertThat(who).isNotBlank();
        assertThat(events.findValuesAsString("who")).containsOnly(who);
        assertThat(events.findValuesAsString("route")).contains("/api/v1/models/{id}",
                "/api/v1/models/by-name/{name}/aliases/{alias}", "/api/v1/training-jobs/{id}/cancel");
        assertThat(events.valueStream().map(event -> event.get("durationMs").longValue())).allMatch(ms -> ms >= 0);
        assertThat(events.findValuesAsString("clientAddress")).allMatch(address -> !address.isBlank());
    }

    @Test
    void filtersByTargetMethodWhoAndTime() {
        assertThat(asExpected(events("target=" + modelId).get("events")))
                .extracting(Expected::method, Expected::status)
                .containsExactly(tuple("DELETE", 204), tuple("DELETE", 409),
                        tuple("PUT", 200), tuple("POST", 201));
        assertThat(asExpected(events("method=delete").get("events"))).extracting(Expected::path)
                .containsExactly(MODELS + "/" + modelId, MODELS + "/by-name/audited/aliases/production", MODELS + "/" + modelId);
        JsonNode all = events("").get("events");
        assertThat(events("who=" + all.get(0).get("who").stringValue()).get("events")).hasSize(expected.size());
        assertThat(events("who=someone-else").get("events")).isEmpty();

        String thirdNewest = all.get(2).get("time").stringValue();
        JsonNode older = events("until=" + thirdNewest).get("events");
        assertThat(asExpected(older)).containsExactlyElementsOf(newestFirst().subList(3, expected.size()));
    }

    @Test
    void pagesWithTheCursorThroughEveryEventOnce() {
        List<JsonNode> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = events("limit=3" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(page.get("events").size()).isBetween(1, 3);
            page.get("events").forEach(paged::add);
            cursor = page.path("nextCursor").isString() ? page.get("nextCursor").stringValue() : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo((expected.size() + 2) / 3);
        assertThat(paged.stream().map(event -> event.get("id").longValue()).toList())
                .containsExactlyElementsOf(events("").get("events").valueStream().map(event -> event.get("id").longValue()).toList());
    }

    @Test
    void anInvalidFilterIsA400NamingTheParameter() {
        for (Map.Entry<String, String> bad : Map.of("since", "yesterday", "limit", "5000", "method", "GET",
                "cursor", "garbage").entrySet()) {
            ApiClient.Response response = api().get(URI.create(EVENTS + "?" + bad.getKey() + "=" + bad.getValue()).toString());
            assertThat(response.status()).as(bad.getKey()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("field").stringValue()).isEqualTo(bad.getKey());
            assertThat(response.json().get("detail").stringValue()).contains(bad.getKey());
        }
    }

    @Test
    void theEndpointIsDocumentedWithItsFiltersAndErrors() {
        JsonNode get = api().get("/v3/api-docs").json().at("/paths/~1api~1v1~1audit-events/get");
        assertThat(get.at("/responses").propertyNames()).contains("200", "400");
        assertThat(get.get("parameters").findValuesAsString("name"))
                .contains("who", "target", "since", "until", "method", "limit", "cursor");
        assertThat(get.at("/responses/200/content/application~1json/examples/One deletion/value/events/0/method")
                .stringValue()).isEqualTo("DELETE");
    }
}
