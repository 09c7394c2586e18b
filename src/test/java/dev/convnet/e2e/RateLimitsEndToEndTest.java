package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-caller rate limits and the job quota over HTTP, on PostgreSQL, with tiny limits. Callers are told apart by
 * the principal a test filter sets from a header, after any security filter, as authentication would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {
        "convnet.security.enabled=false",
        "convnet.rate-limits.predictions.limit-for-period=3",
        "convnet.rate-limits.predictions.refresh-period=1m",
        "convnet.rate-limits.uploads.limit-for-period=2",
        "convnet.rate-limits.uploads.refresh-period=1m",
        "convnet.rate-limits.max-concurrent-jobs=1"})
class RateLimitsEndToEndTest extends PostgresIntegrationTest {

    static final String CALLER_HEADER = "X-Test-Caller";

    @TestConfiguration
    static class CallerFromHeader {

        @Bean
        FilterRegistrationBean<Filter> callerFromHeader() {
            Filter filter = (request, response, chain) -> {
                String caller = ((HttpServletRequest) request).getHeader(CALLER_HEADER);
                chain.doFilter(caller == null ? request : new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public Principal getUserPrincipal() {
                        return () -> caller;
                    }
                }, response);
            };
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
            registration.setOrder(Ordered.LOWEST_PRECEDENCE);
            return registration;
        }
    }

    private record Answer(int status, String contentType, String retryAfter, JsonNode body) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private String detectorId;

    private Answer send(String caller, String method, String path, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header(CALLER_HEADER, caller).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.body().isEmpty() ? null : ApiClient.parse(response.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String openInferenceRequest() {
        return "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 8, 8, 1], \"data\": ["
                + "0,".repeat(63) + "0]}]}";
    }

    @BeforeAll
    void storeADetectorAndADataset() {
        Answer created = send("setup", "POST", "/api/v1/presets/detector/models", "");
        assertThat(created.status()).isEqualTo(201);
        detectorId = created.body().get("id").stringValue();
        assertThat(send("setup", "PUT", "/api/v1/models/" + detectorId + "/weights",
                LessonNetworksEndToEndTest.DETECTOR_WEIGHTS).status()).isEqualTo(200);
        ApiClient.Response uploaded = api().postMultipart("/api/v1/datasets", "file", "leftright.zip",
                TestDatasets.leftRightZip(16, 4, 1), Map.of("name", "leftright"));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    }

    @Test
    void theFourthPredictionInAMinuteIs429WithRetryAfterAndAProblemWhileAnotherCallerGoesOn() {
        String predict = "/api/v1/models/" + detectorId + "/predict";
        for (int call = 1; call <= 3; call++) {
            Answer answer = send("alice", "POST", predict, LessonNetworksEndToEndTest.LINE_IMAGE);
            assertThat(answer.status()).as("prediction %d: %s", call, answer.body()).isEqualTo(200);
        }
        Answer refused = send("alice", "POST", predict, LessonNetworksEndToEndTest.LINE_IMAGE);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(refused.retryAfter())).isBetween(1L, 60L);
        assertThat(refused.body().get("type").stringValue()).isEqualTo("urn:convnet:problem:rate-limited");
        assertThat(refused.body().get("status").intValue()).isEqualTo(429);
        assertThat(refused.body().get("limit").stringValue()).isEqualTo("predictions");
        assertThat(refused.body().get("detail").stringValue()).contains("alice", "3 predictions per 1m");

        Answer otherCaller = send("bob", "POST", predict, LessonNetworksEndToEndTest.LINE_IMAGE);
        assertThat(otherCaller.status()).as(String.valueOf(otherCaller.body())).isEqualTo(200);
        // Other classes of call have limits of their own, and reads are not limited.
        assertThat(send("alice", "POST", "/api/v1/training-jobs", "{}").status()).isEqualTo(400);
        for (int read = 0; read < 5; read++) {
            assertThat(send("alice", "GET", "/api/v1/datasets", "").status()).isEqualTo(200);
        }
    }

    @Test
    void openInferenceCallsOverTheLimitAnswerInTheProtocolsErrorForm() {
        String infer = "/v2/models/detector/infer";
        for (int call = 1; call <= 3; call++) {
            Answer answer = send("carol", "POST", infer, openInferenceRequest());
            assertThat(answer.status()).as("inference %d: %s", call, answer.body()).isEqualTo(200);
        }
        Answer refused = send("carol", "POST", infer, openInferenceRequest());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/json");
        assertThat(Long.parseLong(refused.retryAfter())).isBetween(1L, 60L);
        assertThat(refused.body().propertyNames()).containsExactly("error");
        assertThat(refused.body().get("error").stringValue()).contains("carol", "predictions");
    }

    @Test
    void uploadsHaveTheirOwnLimit() {
        String weights = "/api/v1/models/" + detectorId + "/weights";
        for (int call = 1; call <= 2; call++) {
            assertThat(send("dave", "PUT", weights, LessonNetworksEndToEndTest.DETECTOR_WEIGHTS).status()).isEqualTo(200);
        }
        Answer refused = send("dave", "PUT", weights, LessonNetworksEndToEndTest.DETECTOR_WEIGHTS);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().get("limit").stringValue()).isEqualTo("uploads");
        assertThat(refused.retryAfter()).isNotNull();
    }

    private String smallJob() {
        return "{\"model\": {\"definition\": " + TrainingJobsEndToEndTest.SMALL_MODEL + "}, \"dataset\": \"leftright\","
                + " \"epochs\": 1000, \"batchSize\": 8, \"optimizer\": {\"type\": \"sgd\", \"learningRate\": 0.01}}";
    }

    @Test
    void aCallerAtItsJobQuotaIsRefusedUntilOneOfItsJobsEnds() {
        Answer first = send("erin", "POST", "/api/v1/training-jobs", smallJob());
        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(202);
        assertThat(first.body().get("submittedBy").stringValue()).isEqualTo("erin");
        String firstId = first.body().get("id").stringValue();

        Answer second = send("erin", "POST", "/api/v1/training-jobs", smallJob());
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.retryAfter()).isEqualTo("30");
        assertThat(second.body().get("type").stringValue()).isEqualTo("urn:convnet:problem:job-quota-exceeded");
        assertThat(second.body().get("maxConcurrentJobs").intValue()).isEqualTo(1);

        Answer otherCaller = send("frank", "POST", "/api/v1/training-jobs", smallJob());
        assertThat(otherCaller.status()).as(String.valueOf(otherCaller.body())).isEqualTo(202);
        String otherId = otherCaller.body().get("id").stringValue();

        assertThat(send("erin", "POST", "/api/v1/training-jobs/" + firstId + "/cancel", "").status()).isEqualTo(200);
        // A running job stops within one batch; until it has, it still counts.
        await("erin's first job ending").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> send("erin", "GET", "/api/v1/training-jobs/" + firstId, "").body().get("state").stringValue(),
                        "CANCELLED"::equals);
        Answer third = send("erin", "POST", "/api/v1/training-jobs", smallJob());
        assertThat(third.status()).as(String.valueOf(third.body())).isEqualTo(202);

        for (String id : new String[] {otherId, third.body().get("id").stringValue()}) {
            send("setup", "POST", "/api/v1/training-jobs/" + id + "/cancel", "");
        }
    }

    @Test
    void theOpenApiDocumentShows429WithRetryAfterOnEveryLimitedOperationAndNoOther() {
        JsonNode paths = send("setup", "GET", "/v3/api-docs", "").body().get("paths");
        Map<String, String> limited = Map.of(
                "/api/v1/models/{id}/predict", "post",
                "/api/v1/models/by-name/{name}/versions/{version}/predictions", "post",
                "/v2/models/{name}/infer", "post",
                "/api/v1/training-jobs", "post",
                "/api/v1/datasets", "post",
                "/api/v1/models/import", "post",
                "/api/v1/models/{id}/weights", "put");
        limited.forEach((path, method) -> {
            JsonNode tooMany = paths.get(path).get(method).get("responses").get("429");
            assertThat(tooMany).as("%s %s", method, path).isNotNull();
            assertThat(tooMany.get("headers").has("Retry-After")).as("%s %s", method, path).isTrue();
            assertThat(tooMany.get("content").has(path.startsWith("/v2/") ? "application/json" : "application/problem+json"))
                    .as("%s %s", method, path).isTrue();
        });
        assertThat(paths.get("/api/v1/training-jobs").get("get").get("responses").has("429")).isFalse();
        assertThat(paths.get("/api/v1/models/{id}/weights").get("get").get("responses").has("429")).isFalse();
    }
}
