package dev.convnet.deploy;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the Grafana dashboard and the chart's queue-depth autoscaling query is one the service exports: the
 * names are collected from {@code /actuator/prometheus} of a running service that predicts and trains, as
 * Prometheus scrapes it.
 */
class DashboardMetricsEndToEndTest extends PostgresIntegrationTest {

    private static final String DETECTOR_WEIGHTS = "[[[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]]],[0.0]]";
    private static final String ROW = "[[0],[0],[0],[1],[1],[0],[0],[0]]";

    private final Set<String> exported = new TreeSet<>();

    @Test
    void everyDashboardQueryReadsMetricsTheServiceExports() {
        predictOnce();
        trainUntilEveryTrainingMeterExistsThenCancel();

        assertThat(LaptopClusterFiles.dashboardMetricNames()).isNotEmpty().allSatisfy(name ->
                assertThat(exported).as("the dashboard reads %s", name).contains(name));
        @SuppressWarnings("unchecked")
        Map<String, Object> queueDepth = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) LaptopClusterFiles
                .yaml(Path.of("helm/convnet-service/values.yaml")).get("serving")).get("autoscaling")).get("queueDepth");
        assertThat(exported).as("the HPA's custom metric").contains(String.valueOf(queueDepth.get("metricName")));
    }

    @Test
    void requestsAreTimedButSpringSecuritysFiltersAreNot() {
        predictOnce();
        Set<String> names = scrape();

        assertThat(names).as("each request keeps its observation").contains("http_server_requests_seconds_count");
        // management.observations.enable.spring.security=false: a timer and a span per filter per request cost a third
        // of the prediction throughput
        assertThat(names).noneMatch(name -> name.startsWith("spring_security_"));
    }

    private void predictOnce() {
        String id = api().post("/api/v1/presets/detector/models", "").json().get("id").stringValue();
        assertThat(api().put("/api/v1/models/" + id + "/weights", DETECTOR_WEIGHTS).status()).isEqualTo(200);
        ApiClient.Response prediction = api().post("/api/v1/models/" + id + "/predict",
                "{\"inputs\": [[" + String.join(",", ROW, ROW, ROW, ROW, ROW, ROW, ROW, ROW) + "]]}");
        assertThat(prediction.status()).as(prediction.body()).isEqualTo(200);
        scrape();
    }

    /** The per-job gauges exist only while a job runs, the epoch timer after its first epoch, the jobs counter after its end. */
    private void trainUntilEveryTrainingMeterExistsThenCancel() {
        ApiClient.Response uploaded = api().postMultipart("/api/v1/datasets", "file", "leftright.zip",
                TestDatasets.leftRightZip(32, 8, 1), Map.of("name", "dashboard-leftright"));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        ApiClient.Response submitted = api().post("/api/v1/training-jobs", """
                {"model": {"definition": {"name": "dashboard_cnn", "inputShape": [8, 8, 1], "layers": [
                  {"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "relu"},
                  {"type": "maxPooling2d"}, {"type": "flatten"}, {"type": "dense", "units": 2, "activation": "softmax"}]}},
                 "dataset": "dashboard-leftright", "epochs": 1000, "batchSize": 8,
                 "optimizer": {"type": "sgd", "learningRate": 0.01}, "seed": 3}""");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String job = "/api/v1/training-jobs/" + submitted.json().get("id").stringValue();
        await("a running job with a finished epoch").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> scrape().containsAll(Set.of("convnet_training_loss", "convnet_training_epoch_duration_seconds_count")));
        assertThat(api().post(job + "/cancel", "").status()).isEqualTo(200);
        await("the cancelled job counted").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> scrape().contains("convnet_training_jobs_total"));
    }

    /** Adds the names of the samples the scrape holds (histogram series by their _bucket/_count/_sum names). */
    private Set<String> scrape() {
        ApiClient.Response scraped = api().anonymous().get("/actuator/prometheus");
        assertThat(scraped.status()).as("open to Prometheus").isEqualTo(200);
        Set<String> names = new TreeSet<>();
        scraped.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).forEach(names::add);
        exported.addAll(names);
        return names;
    }
}
