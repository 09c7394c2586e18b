package dev.convnet.web.openapi;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The OpenAPI document as its clients read it, checked from the document itself so that every operation is
 * covered, including ones added later: it parses without messages; every operation documents a success and a
 * client error; every example fits its schema; Swagger UI's "Try it out" with each operation's default request
 * example succeeds against the running service. The document is written to target/openapi.json for linting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest extends PostgresIntegrationTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /** Keywords whose values are JSON instances, not schemas. */
    private static final Set<String> VALUE_KEYWORDS = Set.of("example", "examples", "default", "enum", "const");
    private static final Pattern PATH_PARAMETER = Pattern.compile("([^/]+)/\\{([^}]+)}");
    private static final String DETECTOR_WEIGHTS = "[[[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]]],[0.0]]";

    private record Operation(String method, String path, JsonNode node) {

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    private record Example(String pointer, JsonNode value, JsonNode schema) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private String text;
    private JsonNode document;
    /** Path parameter values for the example calls, by "segment/{parameter}": the resources the test created. */
    private Map<String, String> fixtures;

    @BeforeAll
    void readDocumentAndCreateFixtures() throws IOException {
        ApiClient.Response response = api().get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        text = response.body();
        document = ApiClient.parse(text);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "openapi.json"), text);

        ApiClient.Response detector = api().post("/api/v1/presets/detector/models", "");
        assertThat(detector.status()).as(detector.body()).isEqualTo(201);
        String detectorId = detector.json().get("id").stringValue();
        ApiClient.Response weights = api().put("/api/v1/models/" + detectorId + "/weights", DETECTOR_WEIGHTS);
        assertThat(weights.status()).as(weights.body()).isEqualTo(200);
        fixtures = Map.of("models/{id}", detectorId, "models/{name}", "detector", "by-name/{name}", "detector",
                "versions/{version}", "1", "aliases/{alias}", "production", "presets/{presetId}", "detector",
                "datasets/{name}", "mnist");
    }

    @Test
    void parsesWithoutValidationMessages() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void describesItselfOnce() {
        assertThat(document.at("/info/license/name").stringValue()).isEqualTo("Apache-2.0");
        assertThat(document.at("/info/license/url").stringValue()).startsWith("https://");
        assertThat(document.at("/servers/0/url").stringValue()).isEqualTo("/");
        List<String> tags = document.get("tags").findValuesAsString("name");
        assertThat(tags).doesNotHaveDuplicates().contains("Prediction");
        assertThat(document.at("/components/schemas").propertyNames()).doesNotContain("JsonNode");
    }

    @TestFactory
    Stream<DynamicTest> everyOperationDocumentsSuccessAndClientError() {
        return operations().map(operation -> dynamicTest(operation.toString(), () -> {
            Set<String> codes = Set.copyOf(operation.node().get("responses").propertyNames());
            assertThat(codes).as("responses").anyMatch(code -> code.startsWith("2"));
            assertThat(codes).as("responses").anyMatch(code -> code.startsWith("4"));
            for (String code : codes) {
                JsonNode content = operation.node().at("/responses/" + code + "/content");
                if (code.startsWith("4") && operation.path().startsWith("/api/") && !content.isMissingNode()) {
                    assertThat(content.propertyNames()).as(code + " content").containsExactly("application/problem+json");
                    assertThat(content.at("/application~1problem+json/schema/$ref").stringValue())
                            .isEqualTo("#/components/schemas/ProblemDetail");
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleFitsItsSchema() {
        List<Example> examples = new ArrayList<>();
        collectExamples(document, "", false, examples);
        assertThat(examples).as("examples in the document").hasSizeGreaterThan(10);
        return examples.stream().map(example -> dynamicTest(example.pointer(), () -> {
            List<Error> errors = schemas.getSchema(standalone(example.schema())).validate(example.value());
            assertThat(errors).as("%s: %s", example.pointer(), example.value()).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> tryItOutWithEachDefaultRequestExample() {
        List<Operation> withExamples = operations().filter(operation -> defaultRequestExample(operation) != null).toList();
        assertThat(withExamples).as("operations with a request example").isNotEmpty();
        return withExamples.stream().map(operation -> dynamicTest(operation.toString(), () -> {
            Map.Entry<String, JsonNode> example = defaultRequestExample(operation);
            HttpResponse<String> response = send(operation, example.getKey(), example.getValue().toString());
            int status = response.statusCode();
            cancelWhatItStarted(response);
            if (status >= 200 && status < 300) {
                return;
            }
            assertThat(status).as("%s answered %d: %s", operation, status, response.body())
                    .isNotEqualTo(400).isLessThan(500);
            assertThat(operation.node().get("responses").has(Integer.toString(status)))
                    .as("%d is documented for %s: %s", status, operation, response.body()).isTrue();
        }));
    }

    private Stream<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(method -> METHODS.contains(method.getKey()))
                .forEach(method -> operations.add(new Operation(method.getKey(), path.getKey(), method.getValue()))));
        assertThat(operations).isNotEmpty();
        return operations.stream();
    }

    /**
     * Every example with the schema it must fit: media-type and parameter examples against their schema, and a
     * schema's own example and default against that schema.
     */
    private static void collectExamples(JsonNode node, String pointer, boolean inSchema, List<Example> found) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectExamples(node.get(i), pointer + "/" + i, inSchema, found);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (inSchema) {
            for (String keyword : List.of("example", "default")) {
                if (node.has(keyword)) {
                    found.add(new Example(pointer + "/" + keyword, node.get(keyword), node));
                }
            }
        }
        if (!inSchema && node.has("schema")) {
            JsonNode schema = node.get("schema");
            if (node.has("example")) {
                found.add(new Example(pointer + "/example", node.get("example"), schema));
            }
            node.path("examples").properties().forEach(named -> found.add(new Example(
                    pointer + "/examples/" + named.getKey(), named.getValue().get("value"), schema)));
        }
        node.properties().forEach(field -> {
            String key = field.getKey();
            if (VALUE_KEYWORDS.contains(key) && (inSchema || key.startsWith("example"))) {
                return;
            }
            boolean childInSchema = inSchema || key.equals("schema") || pointer.equals("/components/schemas");
            collectExamples(field.getValue(), pointer + "/" + key.replace("~", "~0").replace("/", "~1"), childInSchema, found);
        });
    }

    /** The schema as a document of its own that still resolves the document's #/components/... references. */
    private JsonNode standalone(JsonNode schema) {
        ObjectNode root = ((ObjectNode) schema).deepCopy();
        root.set("components", document.get("components"));
        return root;
    }

    private static Map.Entry<String, JsonNode> defaultRequestExample(Operation operation) {
        for (var content : operation.node().at("/requestBody/content").properties()) {
            JsonNode mediaType = content.getValue();
            if (mediaType.has("example")) {
                return Map.entry(content.getKey(), mediaType.get("example"));
            }
            var examples = mediaType.path("examples").properties().iterator();
            if (examples.hasNext()) {
                return Map.entry(content.getKey(), examples.next().getValue().get("value"));
            }
        }
        return null;
    }

    private HttpResponse<String> send(Operation operation, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + concretePath(operation)))
                .header("Content-Type", contentType)
                .method(operation.method().toUpperCase(), HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(api().authorized(request), HttpResponse.BodyHandlers.ofString());
    }

    /** The path with each parameter filled as a user of Swagger UI would: its example, else a resource made here. */
    private String concretePath(Operation operation) {
        Matcher matcher = PATH_PARAMETER.matcher(operation.path());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(2);
            JsonNode example = parameter(operation, name).path("example");
            String value = example.isMissingNode() ? fixtures.get(matcher.group(1) + "/{" + name + "}") : example.asString();
            assertThat(value).as("a value for {%s} of %s: give the parameter an example", name, operation).isNotNull();
            matcher.appendReplacement(path, Matcher.quoteReplacement(matcher.group(1) + "/" + value));
        }
        return matcher.appendTail(path).toString();
    }

    private static JsonNode parameter(Operation operation, String name) {
        for (JsonNode parameter : operation.node().path("parameters")) {
            if (name.equals(parameter.path("name").asString()) && "path".equals(parameter.path("in").asString())) {
                return parameter;
            }
        }
        return ApiClient.parse("{}");
    }

    /**
     * A training job or an experiment started by an example is cancelled and awaited, so that nothing it queued
     * trains while the other tests that share this context run, nor holds the JVM at exit.
     */
    private void cancelWhatItStarted(HttpResponse<String> response) {
        response.headers().firstValue("Location").map(location -> URI.create(location).getPath())
                .filter(path -> path.contains("/api/v1/training-jobs/") || path.contains("/api/v1/experiments/"))
                .ifPresent(started -> {
                    assertThat(api().post(started + "/cancel", "").status()).isIn(200, 409);
                    awaitEnded(started);
                });
        response.headers().firstValue("Location").map(location -> URI.create(location).getPath())
                .filter(path -> path.contains("/api/v1/experiments/"))
                .ifPresent(experiment -> api().get(experiment).json().get("variants").forEach(variant -> variant
                        .get("runs").forEach(run -> {
                            if (!run.path("jobId").isNull() && !run.path("jobId").isMissingNode()) {
                                awaitEnded("/api/v1/training-jobs/" + run.get("jobId").stringValue());
                            }
                        })));
    }

    private void awaitEnded(String path) {
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(api().get(path).json()
                .get("state").stringValue()).as(path).isIn("CANCELLED", "SUCCEEDED", "FAILED"));
    }
}
