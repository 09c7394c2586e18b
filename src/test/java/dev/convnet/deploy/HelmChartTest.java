package dev.convnet.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static dev.convnet.deploy.RenderedChart.container;
import static dev.convnet.deploy.RenderedChart.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart as {@code helm lint --strict} and {@code helm template} see it (Helm itself, in-process through
 * helm-java), every rendered object read as its Kubernetes API type with no field the type lacks.
 */
class HelmChartTest {

    static final Path CHART = Path.of("helm/convnet-service");
    static final Path PRODUCTION_VALUES = Path.of("helm/values-production.yaml");
    private static final String RELEASE = "convnet";

    /** The settings of the shared storage/roles contract that the pods may set (none other under these prefixes). */
    static final Set<String> CONTRACT_ENV = Set.of("CONVNET_NODE_ROLES", "CONVNET_STORAGE_TYPE",
            "CONVNET_STORAGE_S3_ENDPOINT", "CONVNET_STORAGE_S3_BUCKET", "CONVNET_STORAGE_S3_REGION",
            "CONVNET_STORAGE_S3_PATHSTYLE", "CONVNET_STORAGE_S3_ACCESSKEY", "CONVNET_STORAGE_S3_SECRETKEY",
            "CONVNET_STORAGE_S3_PREFIX", "CONVNET_STORAGE_CACHE_DIR", "CONVNET_STORAGE_CACHE_MAXSIZE");

    private static RenderedChart render(Path valuesFile) {
        return render(valuesFile, Map.of());
    }

    private static RenderedChart render(Path valuesFile, Map<String, String> sets) {
        RenderedChart chart = RenderedChart.parse(IsolatedHelm.template(CHART, RELEASE, valuesFile, sets));
        for (HasMetadata object : chart.objects()) {
            if (!(object instanceof GenericKubernetesResource)) {
                assertThat(UnknownFields.of(object)).as("fields %s/%s's type does not have", object.getKind(),
                        object.getMetadata().getName()).isEmpty();
            }
        }
        return chart;
    }

    @Test
    void lintsStrict() {
        IsolatedHelm.Lint lint = IsolatedHelm.lintStrict(CHART);
        assertThat(lint.failed()).as(String.join("\n", lint.messages())).isFalse();
        assertThat(lint.messages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    @Test
    void servingAndTrainingAreSeparateDeploymentsWithTheirRoles() {
        RenderedChart chart = render(null);
        assertThat(chart.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("convnet-serving", "convnet-training");
        Deployment serving = chart.named(Deployment.class, "convnet-serving");
        Deployment training = chart.named(Deployment.class, "convnet-training");
        assertThat(env(serving).get("CONVNET_NODE_ROLES").getValue()).isEqualTo("api,serving");
        assertThat(env(training).get("CONVNET_NODE_ROLES").getValue()).isEqualTo("training");
        assertThat(serving.getSpec().getReplicas()).as("the HPA owns the serving replicas").isNull();
        assertThat(training.getSpec().getReplicas()).isEqualTo(1);
        for (Deployment deployment : List.of(serving, training)) {
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .as("selectors tell the tiers apart").containsKey("app.kubernetes.io/component");
            assertThat(env(deployment).keySet().stream().filter(name -> name.startsWith("CONVNET_STORAGE_") || name.startsWith("CONVNET_NODE_")))
                    .isSubsetOf(CONTRACT_ENV);
            assertThat(env(deployment)).containsKeys("CONVNET_STORAGE_TYPE", "CONVNET_STORAGE_S3_BUCKET", "CONVNET_STORAGE_CACHE_DIR",
                    "SPRING_DATASOURCE_URL");
        }
    }

    @Test
    void probesUseTheLivenessAndReadinessGroups() {
        for (Deployment deployment : render(null).all(Deployment.class)) {
            Container container = container(deployment);
            assertThat(path(container.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
            assertThat(path(container.getStartupProbe())).isEqualTo("/actuator/health/liveness");
            assertThat(path(container.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
            assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(container.getPorts()).anyMatch(port -> port.getName().equals("http") && port.getContainerPort() == 8080);
        }
    }

    private static String path(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootWithEveryWrittenPathOnAnEmptyDir() {
        for (Deployment deployment : render(null).all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = container(deployment);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

            Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, Function.identity()));
            Map<String, String> env = env(deployment).entrySet().stream().filter(e -> e.getValue().getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getValue()));
            String javaOptions = env.get("JAVA_TOOL_OPTIONS");
            List<String> writtenPaths = List.of(env.get("CONVNET_DATA_DIR"), env.get("CONVNET_STORAGE_CACHE_DIR"),
                    systemProperty(javaOptions, "java.io.tmpdir"), systemProperty(javaOptions, "org.bytedeco.javacpp.cachedir"));
            for (String written : writtenPaths) {
                VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(written)).findFirst()
                        .orElseThrow(() -> new AssertionError(written + " is written but no volume is mounted there"));
                assertThat(mount.getReadOnly()).as(written).isNotEqualTo(Boolean.TRUE);
                assertThat(volumes.get(mount.getName()).getEmptyDir()).as(written + " on an emptyDir").isNotNull();
                assertThat(volumes.get(mount.getName()).getEmptyDir().getSizeLimit()).as(written + " size limit").isNotNull();
            }
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKey("memory");
        }
    }

    private static String systemProperty(String javaOptions, String name) {
        return java.util.Arrays.stream(javaOptions.split("\\s+")).filter(option -> option.startsWith("-D" + name + "="))
                .map(option -> option.substring(name.length() + 3)).reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("JAVA_TOOL_OPTIONS does not set " + name + ": " + javaOptions));
    }

    @Test
    void credentialsComeFromExistingSecretsByDefault() {
        RenderedChart chart = render(null);
        assertThat(chart.all(Secret.class)).as("existing Secrets: the chart writes none").isEmpty();
        for (Deployment deployment : chart.all(Deployment.class)) {
            Map<String, EnvVar> env = env(deployment);
            assertSecretRef(env.get("SPRING_DATASOURCE_PASSWORD"), "convnet-database", "password");
            assertSecretRef(env.get("CONVNET_STORAGE_S3_ACCESSKEY"), "convnet-object-store", "access-key");
            assertSecretRef(env.get("CONVNET_STORAGE_S3_SECRETKEY"), "convnet-object-store", "secret-key");
            assertApiKeysMounted(deployment, "convnet-api-keys");
        }
    }

    private static void assertSecretRef(EnvVar variable, String secret, String key) {
        assertThat(variable.getValue()).as(variable.getName() + " is no literal").isNull();
        assertThat(variable.getValueFrom().getSecretKeyRef().getName()).as(variable.getName()).isEqualTo(secret);
        assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).as(variable.getName()).isEqualTo(key);
    }

    private static void assertApiKeysMounted(Deployment deployment, String secret) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Volume keys = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        assertThat(keys.getSecret().getSecretName()).isEqualTo(secret);
        assertThat(keys.getSecret().getDefaultMode()).as("readable by the pod's group (fsGroup), no one else").isEqualTo(0440);
        VolumeMount mount = container(deployment).getVolumeMounts().stream().filter(m -> m.getName().equals(keys.getName()))
                .findFirst().orElseThrow();
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(env(deployment).get("CONVNET_SECURITY_APIKEYSDIR").getValue()).isEqualTo(mount.getMountPath());
    }

    @Test
    void theServiceAndTheAutoscalerReachTheServingTierOnly() {
        RenderedChart chart = render(null);
        Deployment serving = chart.named(Deployment.class, "convnet-serving");
        Deployment training = chart.named(Deployment.class, "convnet-training");
        Service service = chart.named(Service.class, "convnet");
        assertThat(selects(service.getSpec().getSelector(), serving)).isTrue();
        assertThat(selects(service.getSpec().getSelector(), training)).isFalse();
        Service workers = chart.named(Service.class, "convnet-training");
        assertThat(workers.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(workers.getSpec().getPublishNotReadyAddresses()).as("unready workers are still scraped").isTrue();
        assertThat(selects(workers.getSpec().getSelector(), training)).isTrue();
        assertThat(selects(workers.getSpec().getSelector(), serving)).isFalse();

        HorizontalPodAutoscaler hpa = chart.named(HorizontalPodAutoscaler.class, "convnet-serving");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("convnet-serving");
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        });

        PodDisruptionBudget servingBudget = chart.named(PodDisruptionBudget.class, "convnet-serving");
        assertThat(selects(servingBudget.getSpec().getSelector().getMatchLabels(), serving)).isTrue();
        assertThat(selects(servingBudget.getSpec().getSelector().getMatchLabels(), training)).isFalse();
        assertThat(servingBudget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        PodDisruptionBudget trainingBudget = chart.named(PodDisruptionBudget.class, "convnet-training");
        assertThat(selects(trainingBudget.getSpec().getSelector().getMatchLabels(), training)).isTrue();
        assertThat(trainingBudget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        assertThat(chart.all(NetworkPolicy.class)).as("optional, off by default").isEmpty();
        assertThat(chart.objects()).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
    }

    private static boolean selects(Map<String, String> selector, Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet());
    }

    @Test
    void productionValuesWriteTheirSecretsAndTurnOnMonitoringAndNetworkPolicies() {
        RenderedChart chart = render(PRODUCTION_VALUES);
        Deployment serving = chart.named(Deployment.class, "convnet-serving");
        Deployment training = chart.named(Deployment.class, "convnet-training");
        assertThat(training.getSpec().getReplicas()).isEqualTo(3);
        assertThat(container(serving).getImage()).isEqualTo("images.example.com/convnet-service:0.1.0");

        Secret database = chart.named(Secret.class, "convnet-database");
        Secret objectStore = chart.named(Secret.class, "convnet-object-store");
        Secret apiKeys = chart.named(Secret.class, "convnet-api-keys");
        assertThat(database.getStringData()).containsEntry("password", "change-me");
        assertThat(objectStore.getStringData()).containsOnlyKeys("access-key", "secret-key");
        assertThat(apiKeys.getStringData()).containsOnlyKeys("admins", "clients");
        for (Deployment deployment : List.of(serving, training)) {
            assertSecretRef(env(deployment).get("SPRING_DATASOURCE_PASSWORD"), "convnet-database", "password");
            assertSecretRef(env(deployment).get("CONVNET_STORAGE_S3_SECRETKEY"), "convnet-object-store", "secret-key");
            assertApiKeysMounted(deployment, "convnet-api-keys");
            assertThat(env(deployment).get("CONVNET_STORAGE_S3_ENDPOINT").getValue()).isEqualTo("http://minio.storage.svc:9000");
            assertThat(env(deployment).get("CONVNET_STORAGE_CACHE_MAXSIZE").getValue()).isEqualTo("4GB");
            assertThat(env(deployment).get("CONVNET_SECURITY_PROMETHEUSOPEN").getValue()).isEqualTo("false");
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsKey("checksum/secrets").doesNotContainKey("prometheus.io/scrape");
        }

        List<MetricSpec> metrics = chart.named(HorizontalPodAutoscaler.class, "convnet-serving").getSpec().getMetrics();
        assertThat(metrics).hasSize(2);
        assertThat(metrics.get(1).getPods().getMetric().getName()).isEqualTo("convnet_inference_queue_depth");
        assertThat(metrics.get(1).getPods().getTarget().getAverageValue().toString()).isEqualTo("4");

        GenericKubernetesResource monitor = (GenericKubernetesResource) chart.objects().stream()
                .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        Map<String, Object> endpoint = monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
        assertThat(endpoint).containsEntry("path", "/actuator/prometheus").containsEntry("port", "http");
        assertThat(monitor.<String>get("spec", "endpoints", 0, "authorization", "credentials", "name")).isEqualTo("convnet-scrape-key");
        Map<String, String> monitored = monitor.get("spec", "selector", "matchLabels");
        assertThat(chart.all(Service.class)).as("both tiers are scraped").hasSize(2)
                .allMatch(service -> service.getMetadata().getLabels().entrySet().containsAll(monitored.entrySet()));

        NetworkPolicy servingPolicy = chart.named(NetworkPolicy.class, "convnet-serving");
        assertThat(selects(servingPolicy.getSpec().getPodSelector().getMatchLabels(), serving)).isTrue();
        assertThat(servingPolicy.getSpec().getIngress().get(0).getFrom()).hasSize(2);
        NetworkPolicy trainingPolicy = chart.named(NetworkPolicy.class, "convnet-training");
        assertThat(selects(trainingPolicy.getSpec().getPodSelector().getMatchLabels(), training)).isTrue();
        assertThat(trainingPolicy.getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getFrom()).singleElement()
                        .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                                .containsEntry("kubernetes.io/metadata.name", "monitoring")));
    }

    @Test
    void aNetworkPolicyWithoutListedClientsLetsAnyoneCallTheServingTierAndOnlyScrapersReachTheWorkers() {
        RenderedChart chart = render(null, Map.of("networkPolicy.enabled", "true",
                "networkPolicy.metricsScrapers[0].namespaceSelector.matchLabels.team", "monitoring"));
        NetworkPolicy serving = chart.named(NetworkPolicy.class, "convnet-serving");
        assertThat(serving.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).as("no peer list: from anywhere").isEmpty();
            assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"));
        });
        NetworkPolicy training = chart.named(NetworkPolicy.class, "convnet-training");
        assertThat(training.getSpec().getIngress()).singleElement().satisfies(rule -> assertThat(rule.getFrom()).singleElement()
                .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("team", "monitoring")));

        RenderedChart closed = render(null, Map.of("networkPolicy.enabled", "true"));
        assertThat(closed.named(NetworkPolicy.class, "convnet-training").getSpec().getIngress())
                .as("no scraper listed: nothing may call a worker").isEmpty();
    }

    @Test
    void theSchemaRejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> IsolatedHelm.template(CHART, RELEASE, null, Map.of("serving.replicas", "two")))
                .hasMessageContaining("serving").hasMessageContaining("replicas");
        assertThatThrownBy(() -> IsolatedHelm.template(CHART, RELEASE, null, Map.of("serving.replica", "2")))
                .as("a misspelt key").hasMessageContaining("replica");
        assertThatThrownBy(() -> IsolatedHelm.template(CHART, RELEASE, null, Map.of("storage.type", "local")))
                .hasMessageContaining("storage");
        assertThatThrownBy(() -> IsolatedHelm.template(CHART, RELEASE, null, Map.of("storage.cache.maxSize", "2 gigs")))
                .hasMessageContaining("maxSize");
        assertThatThrownBy(() -> IsolatedHelm.template(CHART, RELEASE, null, Map.of("serving.roles[0]", "trainer")))
                .hasMessageContaining("roles");
        assertThatThrownBy(() -> IsolatedHelm.template(CHART, RELEASE, null, Map.of("database.existingSecret", "")))
                .as("no Secret and no password").hasMessageContaining("database: set existingSecret");
        assertThatThrownBy(() -> IsolatedHelm.template(CHART, RELEASE, null, Map.of("security.apiKeys.existingSecret", "")))
                .as("no keys").hasMessageContaining("security.apiKeys");
    }
}
