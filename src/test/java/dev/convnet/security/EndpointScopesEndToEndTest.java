package dev.convnet.security;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the OpenAPI document against the running service: no credential is 401, a key without the
 * operation's scope is 403, a key with it gets past security. An operation the rule table does not name fails
 * here, so a new endpoint cannot ship without a rule.
 */
class EndpointScopesEndToEndTest extends PostgresIntegrationTest {

    private static final String ANY_ID = "00000000-0000-0000-0000-000000000000";

    @Autowired
    EndpointRules rules;

    private record Call(String method, String path, String contentType, byte[] body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Test
    void everyOperationNeedsItsScope() {
        JsonNode document = api().anonymous().get("/v3/api-docs").json();
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").stringValue()).isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/apiKeyHeader/name").stringValue()).isEqualTo("X-API-Key");
        List<String> failures = new ArrayList<>();
        int operations = 0;
        int open = 0;
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!List.of("get", "put", "post", "delete", "patch").contains(operation.getKey())) {
                    continue;
                }
                operations++;
                Call call = call(operation.getKey().toUpperCase(), path.getKey(), operation.getValue());
                var rule = rules.ruleFor(HttpMethod.valueOf(call.method()), call.path()).filter(found -> !found.catchAll());
                if (rule.isEmpty()) {
                    failures.add(call + ": no rule in EndpointRules");
                    continue;
                }
                if (rule.get().open()) {
                    open++;
                    expectPast(failures, call, "no credential", api().anonymous());
                    assertThat(operation.getValue().get("security")).as("%s documented as open", call).isEmpty();
                    continue;
                }
                Scope needed = rule.get().scope();
                assertThat(operation.getValue().path("x-required-scope").stringValue()).as("%s documented scope", call)
                        .isEqualTo(needed.scopeName());
                expect(failures, call, "no credential", api().anonymous(), 401);
                for (Scope other : EnumSet.complementOf(EnumSet.of(needed, Scope.ADMIN))) {
                    expect(failures, call, "a " + other.scopeName() + " key", api().withKey(TestKeys.forScope(other.scopeName())), 403);
                }
                expectPast(failures, call, "a " + needed.scopeName() + " key", api().withKey(TestKeys.forScope(needed.scopeName())));
                expectPast(failures, call, "the admin key", api().withKey(TestKeys.ADMIN));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(operations).as("operations in the document").isGreaterThan(30);
        assertThat(open).as("open operations: the protocol's health").isEqualTo(2);
        System.out.printf("scope table: %d operations checked, %d open%n", operations, open);
    }

    @Test
    void actuatorIsOpenForProbesOnlyAndShowsDetailsToAdmins() {
        ApiClient anonymous = api().anonymous();
        ApiClient.Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\"").doesNotContain("components").doesNotContain("dataDir");
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        ApiClient.Response info = anonymous.get("/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body()).contains("Convnet Service").doesNotContain("\"java\"").doesNotContain("\"os\"");
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
        for (String endpoint : List.of("env", "configprops", "heapdump", "threaddump", "loggers", "shutdown", "metrics", "beans")) {
            assertThat(anonymous.get("/actuator/" + endpoint).status()).as(endpoint).isEqualTo(401);
            assertThat(api().withKey(TestKeys.MANAGE).get("/actuator/" + endpoint).status()).as(endpoint).isEqualTo(403);
            if (!endpoint.equals("metrics")) {
                assertThat(api().get("/actuator/" + endpoint).status()).as("%s not exposed even to admins", endpoint).isEqualTo(404);
            }
        }
        assertThat(api().get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(api().get("/actuator/health").json().has("components")).as("details for admins").isTrue();
    }

    @Test
    void theIssuesForeignOriginModelCreationIsRefusedWithAndWithoutAKey() {
        int modelsBefore = api().get("/api/v1/models").json().size(); // other tests may share the database
        for (ApiClient client : List.of(api().anonymous(), api())) {
            ApiClient.Response response = client.withHeader("Origin", "https://evil.example").postFiles("/api/v1/models/import",
                    List.of(new ApiClient.FilePart("file", "m.zip", "application/zip", new byte[] {'P', 'K'})));
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.json().get("type").stringValue()).isEqualTo("urn:convnet:problem:foreign-origin");
            assertThat(client.withHeader("Origin", "https://evil.example").post("/api/v1/presets/detector/models", "")
                    .status()).isEqualTo(403);
        }
        assertThat(api().get("/api/v1/models").json().size()).as("models created by refused calls").isEqualTo(modelsBefore);
        assertThat(api().withHeader("Origin", "http://localhost:" + port).post("/api/v1/presets/detector/models", "").status())
                .as("the service's own pages may write").isEqualTo(201);
    }

    /** The operation called with its path parameters filled and a harmless body of its first media type. */
    private static Call call(String method, String template, JsonNode operation) {
        String path = template.replaceAll("\\{[^}]+}", ANY_ID);
        var content = operation.path("requestBody").path("content").properties().iterator();
        if (!content.hasNext()) {
            return new Call(method, path, null, null);
        }
        String type = content.next().getKey();
        byte[] body = type.contains("json") ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[] {1, 2, 3};
        return new Call(method, path, type.equals("image/*") ? "image/png" : type, body);
    }

    private static void expect(List<String> failures, Call call, String who, ApiClient client, int status) {
        ApiClient.Response response = client.send(call.method(), call.path(), call.contentType(), call.body());
        if (response.status() != status) {
            failures.add(call + " with " + who + ": " + response.status() + ", expected " + status);
            return;
        }
        boolean protocol = call.path().startsWith("/v2");
        if (protocol ? !response.json().has("error") : !response.contentType().startsWith("application/problem+json")) {
            failures.add(call + " with " + who + ": " + status + " is not a " + (protocol ? "protocol error" : "problem document"));
        }
        if (status == 401 && response.headers().firstValue("WWW-Authenticate").isEmpty()) {
            failures.add(call + " with " + who + ": 401 without WWW-Authenticate");
        }
    }

    private static void expectPast(List<String> failures, Call call, String who, ApiClient client) {
        int status = client.send(call.method(), call.path(), call.contentType(), call.body()).status();
        if (status == 401 || status == 403) {
            failures.add(call + " with " + who + ": " + status + ", expected past security");
        }
    }
}
