package dev.convnet.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.convnet.deploy.LaptopClusterFiles.environment;
import static dev.convnet.deploy.LaptopClusterFiles.nodes;
import static dev.convnet.deploy.LaptopClusterFiles.services;
import static dev.convnet.deploy.LaptopClusterFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml's laptop cluster: Compose itself accepts it where its binary runs; everywhere, the files are
 * read and checked against each other (nodes on the shared settings, Prometheus targets, load balancer, Grafana).
 */
class LaptopClusterComposeTest {

    @Test
    void composeAcceptsTheFile() throws Exception {
        List<String> compose = composeCommand();
        assumeTrue(compose != null, "neither 'docker compose' nor 'docker-compose' runs here");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", LaptopClusterFiles.COMPOSE.toString(), "config", "--quiet"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** The first of {@code docker compose} and {@code docker-compose} that answers its version; none: null. */
    private static List<String> composeCommand() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    @Test
    void twoServingNodesAndOneTrainingWorkerShareTheDatabaseAndTheBucket() {
        Map<String, Map<String, String>> nodes = nodes();
        Map<String, String> roles = nodes.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, node -> node.getValue().get("CONVNET_NODE_ROLES")));
        assertThat(roles).containsOnly(Map.entry("serving-1", "api,serving"), Map.entry("serving-2", "api,serving"),
                Map.entry("training-1", "training"));
        Set<String> services = services().keySet();
        for (Map.Entry<String, Map<String, String>> node : nodes.entrySet()) {
            Map<String, String> env = node.getValue();
            assertThat(env.keySet().stream().filter(name -> name.startsWith("CONVNET_STORAGE_") || name.startsWith("CONVNET_NODE_")))
                    .as(node.getKey() + ": only the contract's names").isSubsetOf(HelmChartTest.CONTRACT_ENV);
            assertThat(env).as(node.getKey()).containsEntry("CONVNET_STORAGE_TYPE", "s3")
                    .containsKeys("CONVNET_STORAGE_S3_BUCKET", "CONVNET_STORAGE_S3_ACCESSKEY", "CONVNET_STORAGE_S3_SECRETKEY",
                            "CONVNET_STORAGE_CACHE_DIR", "CONVNET_SECURITY_APIKEYSDIR");
            assertThat(services).as(node.getKey() + "'s object store").contains(URI.create(env.get("CONVNET_STORAGE_S3_ENDPOINT")).getHost());
            assertThat(services).as(node.getKey() + "'s database")
                    .contains(URI.create(env.get("SPRING_DATASOURCE_URL").substring("jdbc:".length())).getHost());
            assertThat(env.get("CONVNET_STORAGE_CACHE_DIR")).as("the cache on the node's own volume")
                    .startsWith(env.get("CONVNET_DATA_DIR"));
        }
        assertThat(nodes.values().stream().map(env -> env.get("CONVNET_STORAGE_S3_BUCKET")).distinct()).singleElement()
                .satisfies(bucket -> assertThat(String.valueOf(services().get("minio-bucket").get("entrypoint")))
                        .as("the one-shot service creates the bucket").contains("mb --ignore-existing cluster/" + bucket));
    }

    @Test
    void nodesRunOnAReadOnlyRootWithTheSharedKeysMounted() {
        services().forEach((name, service) -> {
            if (!nodes().containsKey(name)) {
                return;
            }
            assertThat(service.get("read_only")).as(name).isEqualTo(true);
            @SuppressWarnings("unchecked")
            List<String> volumes = (List<String>) service.get("volumes");
            String keysDir = environment(service).get("CONVNET_SECURITY_APIKEYSDIR");
            assertThat(volumes).as(name).contains(environment(service).get("CONVNET_DATA_DIR"))
                    .anyMatch(volume -> volume.endsWith(":" + keysDir + ":ro"));
        });
    }

    @Test
    void everyFileTheClusterMountsIsInTheRepository() {
        services().forEach((name, service) -> {
            Object volumes = service.get("volumes");
            if (volumes instanceof List<?> list) {
                list.stream().map(String::valueOf).filter(volume -> volume.startsWith("./"))
                        .forEach(volume -> assertThat(Path.of(volume.substring(0, volume.indexOf(':')))).as(name).exists());
            }
        });
    }

    @Test
    void prometheusScrapesEveryNodeAndTheLoadBalancerSpreadsOverTheServingNodes() throws IOException {
        Map<String, List<String>> targets = LaptopClusterFiles.scrapeTargetsByPath();
        assertThat(targets).containsOnlyKeys("/actuator/prometheus");
        Set<String> expected = nodes().keySet().stream().map(node -> node + ":8080").collect(Collectors.toSet());
        assertThat(targets.get("/actuator/prometheus")).containsExactlyInAnyOrderElementsOf(expected);

        Matcher servers = Pattern.compile("(?m)^\\s*server\\s+([\\w-]+):8080\\b").matcher(Files.readString(Path.of("deploy/compose/nginx.conf")));
        List<String> upstream = new ArrayList<>();
        while (servers.find()) {
            upstream.add(servers.group(1));
        }
        List<String> servingNodes = nodes().entrySet().stream().filter(node -> node.getValue().get("CONVNET_NODE_ROLES").contains("serving"))
                .map(Map.Entry::getKey).toList();
        assertThat(upstream).containsExactlyInAnyOrderElementsOf(servingNodes);
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaReadsPrometheusAndTheProvisionedDashboard() {
        Map<String, Object> datasources = yaml(Path.of("deploy/compose/grafana/provisioning/datasources/prometheus.yml"));
        Map<String, Object> datasource = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        assertThat(URI.create(String.valueOf(datasource.get("url"))).getHost()).isIn(services().keySet()).isEqualTo("prometheus");

        Map<String, Object> providers = yaml(Path.of("deploy/compose/grafana/provisioning/dashboards/convnet.yml"));
        String dashboardsPath = String.valueOf(((Map<String, Object>) ((List<Map<String, Object>>) providers.get("providers")).get(0)
                .get("options")).get("path"));
        assertThat((List<String>) services().get("grafana").get("volumes"))
                .contains("./" + LaptopClusterFiles.DASHBOARD.getParent() + ":" + dashboardsPath + ":ro");

        JsonNode dashboard = LaptopClusterFiles.dashboard();
        String datasourceUid = String.valueOf(datasource.get("uid"));
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            titles.add(panel.get("title").stringValue());
            if (panel.has("targets")) {
                assertThat(panel.get("datasource").get("uid").stringValue()).as(panel.get("title").stringValue()).isEqualTo(datasourceUid);
            }
        }
        assertThat(titles).contains("Training", "Serving", "Loss", "Prediction latency");
    }

    @Test
    void promQlMetricNamesAreFoundInsideFunctionsAndAggregations() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, model) (rate(convnet_inference_latency_seconds_bucket{model=\"a\"}[1m])))"))
                .containsExactly("convnet_inference_latency_seconds_bucket");
        assertThat(PromQl.metricNames("sum by (uri) (rate(a_sum[5m])) / sum without (x) (rate(a_count[5m])) > 1e3"))
                .containsExactly("a_sum", "a_count");
    }
}
