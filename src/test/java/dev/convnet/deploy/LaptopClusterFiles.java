package dev.convnet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The docker-compose laptop cluster's files, read as Docker Compose, Prometheus and Grafana read them. */
final class LaptopClusterFiles {

    static final Path COMPOSE = Path.of("docker-compose.yml");
    static final Path PROMETHEUS = Path.of("deploy/compose/prometheus.yml");
    static final Path DASHBOARD = Path.of("deploy/compose/grafana/dashboards/convnet-service.json");

    private LaptopClusterFiles() {
    }

    static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) yaml(COMPOSE).get("services");
    }

    /** A service's environment, whether written as a map or as a list of NAME=value. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((name, value) -> env.put(String.valueOf(name), String.valueOf(value)));
        } else if (declared instanceof List<?> list) {
            list.forEach(item -> {
                String[] pair = String.valueOf(item).split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
        }
        return env;
    }

    /** The compose services that run the service: those that are given node roles. */
    static Map<String, Map<String, String>> nodes() {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            Map<String, String> env = environment(service);
            if (env.containsKey("CONVNET_NODE_ROLES")) {
                nodes.put(name, env);
            }
        });
        return nodes;
    }

    /** Every scrape job's metrics path, and the targets of all of them. */
    @SuppressWarnings("unchecked")
    static Map<String, List<String>> scrapeTargetsByPath() {
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) yaml(PROMETHEUS).get("scrape_configs")) {
            String path = String.valueOf(job.getOrDefault("metrics_path", "/metrics"));
            for (Map<String, Object> config : (List<Map<String, Object>>) job.get("static_configs")) {
                targets.computeIfAbsent(path, p -> new ArrayList<>()).addAll((List<String>) config.get("targets"));
            }
        }
        return targets;
    }

    static JsonNode dashboard() {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PromQL of every panel of the dashboard. */
    static List<String> dashboardQueries() {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard().get("panels")) {
            JsonNode targets = panel.get("targets");
            if (targets != null) {
                targets.forEach(target -> queries.add(target.get("expr").stringValue()));
            }
        }
        return queries;
    }

    static Set<String> dashboardMetricNames() {
        Set<String> names = new TreeSet<>();
        dashboardQueries().forEach(query -> names.addAll(PromQl.metricNames(query)));
        return names;
    }
}
